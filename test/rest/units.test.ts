import * as assert from 'node:assert/strict';
import { ConflictError, parseConflictVersions, serverMessageOf } from '../../server/src/rest';
import { sameAdf, sameStorage } from '../../server/src/rest/body-compare';
import { authorizationHeader, secretsOf } from '../../server/src/rest/credentials';
import { multipartBody } from '../../server/src/rest/multipart';
import { parseReset, parseRetryAfter } from '../../server/src/rest/rate-headers';
import { redactingLogger, redactor } from '../../server/src/rest/redact';

describe('rest: helpers', () => {
  it('parses the current version out of DC, Cloud v1 and Cloud v2 409 messages', () => {
    assert.deepEqual(parseConflictVersions('com.atlassian.confluence.api.service.exceptions.ConflictException: Version must be incremented on update. Current version is: 12'), { current: 12, provided: undefined });
    assert.deepEqual(parseConflictVersions('Version must be incremented when updating a page. Current Version: [6]. Provided version: [5]'), { current: 6, provided: 5 });
    assert.deepEqual(parseConflictVersions('OptimisticLockException'), { current: undefined, provided: undefined });
    const v2Body = '{"errors":[{"status":409,"code":"CONFLICT","title":"Version must be incremented when updating a page. Current Version: [6]. Provided version: [5]","detail":null}]}';
    const err = new ConflictError(serverMessageOf(v2Body), { method: 'PUT', url: 'https://x/wiki/api/v2/pages/1' }, 6, 5);
    assert.equal(err.status, 409);
    assert.equal(err.name, 'ConflictError');
  });

  it('extracts server messages from both envelopes and drops HTML pages', () => {
    assert.equal(serverMessageOf('{"statusCode":404,"message":"No content found with id : ContentId{id=1}","reason":"Not Found"}'), 'No content found with id : ContentId{id=1}');
    assert.equal(serverMessageOf('{"errors":[{"status":400,"code":"INVALID_REQUEST_PARAMETER","title":"Bad","detail":"limit"}]}'), 'Bad - limit');
    assert.equal(serverMessageOf('<html><body>502</body></html>'), '');
    assert.equal(serverMessageOf(''), '');
  });

  it('parses Retry-After seconds and dates, and X-RateLimit-Reset', () => {
    const now = Date.UTC(2026, 0, 2, 3, 4, 0);
    assert.equal(parseRetryAfter('5', now), 5000);
    assert.equal(parseRetryAfter('Fri, 02 Jan 2026 03:04:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
    assert.equal(parseReset('2026-01-02T03:06Z', now), 120_000);
    assert.equal(parseReset('2026-01-02T03:00Z', now), 0, 'a past reset means no wait');
  });

  it('builds Authorization values and lists every secret form', () => {
    assert.equal(authorizationHeader({ kind: 'dc-pat', token: 'abc123' }), 'Bearer abc123');
    const basic = authorizationHeader({ kind: 'cloud-token', email: 'a@b.c', apiToken: 'tok-xyz' });
    assert.equal(basic, `Basic ${Buffer.from('a@b.c:tok-xyz').toString('base64')}`);
    assert.deepEqual(secretsOf({ kind: 'cloud-token', email: 'a@b.c', apiToken: 'tok-xyz' }), [basic, basic.slice(6), 'tok-xyz']);
  });

  it('redacts every secret in log messages and string fields', () => {
    const lines: string[] = [];
    const logger = redactingLogger({ log: (l, m, f) => lines.push(`${l} ${m} ${JSON.stringify(f)}`) }, ['s3cret-token']);
    logger.log('warn', 'sent s3cret-token', { header: 'Bearer s3cret-token', n: 1 });
    assert.deepEqual(lines, ['warn sent [REDACTED] {"header":"Bearer [REDACTED]","n":1}']);
    assert.equal(redactor(['ab', 'abcd'])('xabcdx'), 'x[REDACTED]x');
  });

  it('builds multipart bodies with the file part and safe file names', () => {
    const { body, contentType } = multipartBody([
      { name: 'file', filename: 'a "b"\r\n.png', contentType: 'image/png', value: new Uint8Array([0, 1]) },
      { name: 'minorEdit', value: 'true' },
    ]);
    const boundary = contentType.split('boundary=')[1];
    const text = Buffer.from(body).toString('latin1');
    assert.equal(text, [
      `--${boundary}`, 'Content-Disposition: form-data; name="file"; filename="a %22b%22%0D%0A.png"', 'Content-Type: image/png', '', '\u0000\u0001',
      `--${boundary}`, 'Content-Disposition: form-data; name="minorEdit"', '', 'true',
      `--${boundary}--`, '',
    ].join('\r\n'));
  });

  it('compares bodies the way the server echoes them back', () => {
    assert.ok(sameStorage('<p>a</p>\n  <p>b  c</p>', '<p>a</p><p>b c</p>'));
    assert.ok(!sameStorage('<p>a</p>', '<p>b</p>'));
    assert.ok(sameAdf('{"version":1,"type":"doc","content":[{"type":"text","text":"x","marks":[{"type":"link","attrs":{"href":"h","__confluenceMetadata":{"k":1}}}]}]}',
      { type: 'doc', version: 1, content: [{ type: 'text', text: 'x', marks: [{ type: 'link', attrs: { href: 'h' } }] }] }));
    assert.ok(!sameAdf('{"type":"doc"}', '{"type":"paragraph"}'));
    assert.ok(!sameAdf('not json', '{}'));
  });
});
