import * as assert from 'node:assert/strict';
import { findOperation, validateExchange, validateRequest, validateResponse } from '../helpers/openapi';

const kinds = (vs: { kind: string }[]) => vs.map((v) => v.kind);

describe('OpenAPI exchange validator', () => {
  it('matches templates, preferring literal segments, across DC context paths and Cloud prefixes', () => {
    assert.equal(findOperation('dc', 'GET', '/confluence/rest/api/content/search')?.template, '/rest/api/content/search');
    assert.equal(findOperation('dc', 'GET', '/rest/api/latest/content/12/child/attachment')?.template, '/rest/api/content/{id}/child/attachment');
    assert.equal(findOperation('dc', 'GET', '/rest/api/content/12/child/page')?.template, '/rest/api/content/{id}/child/{type}');
    assert.equal(findOperation('dc', 'PUT', '/rest/api/content/12')?.template, '/rest/api/content/{contentId}');
    assert.deepEqual(findOperation('cloud', 'GET', '/wiki/api/v2/pages/4294967297/properties')?.params, { 'page-id': '4294967297' });
    assert.equal(findOperation('cloud', 'GET', '/wiki/rest/api/search')?.spec, 'v1');
    assert.equal(findOperation('cloud', 'GET', '/wiki/rest/api/content/1'), undefined);
  });

  it('reports unknown operations, unknown and invalid parameters, missing required ones', () => {
    assert.deepEqual(kinds(validateRequest('cloud', { method: 'PATCH', path: '/wiki/api/v2/pages/1' })), ['unknown-operation']);
    assert.deepEqual(kinds(validateRequest('cloud', { method: 'GET', path: '/wiki/api/v2/pages', query: { colour: 'red' } })), ['unknown-parameter']);
    assert.deepEqual(kinds(validateRequest('cloud', { method: 'GET', path: '/wiki/api/v2/pages?limit=abc' })), ['invalid-parameter']);
    assert.deepEqual(kinds(validateRequest('cloud', { method: 'GET', path: '/wiki/api/v2/pages?limit=251' })), ['invalid-parameter']);
    assert.deepEqual(kinds(validateRequest('cloud', { method: 'GET', path: '/wiki/api/v2/pages/abc' })), ['invalid-parameter']);
    assert.deepEqual(kinds(validateRequest('cloud', { method: 'GET', path: '/wiki/rest/api/search' })), ['missing-parameter']);
    assert.deepEqual(validateRequest('cloud', { method: 'GET', path: '/wiki/api/v2/pages', query: { 'space-id': ['1', '2'], limit: '250' } }), []);
    // DC declares many parameters twice; either declaration will do.
    assert.deepEqual(validateRequest('dc', { method: 'GET', path: '/rest/api/content?spaceKey=ENG&start=25&limit=25&expand=body.storage' }), []);
    assert.deepEqual(kinds(validateRequest('cloud', { method: 'GET', path: '/wiki/rest/api/content/7' })), ['removed-operation']);
  });

  it('checks JSON and multipart request bodies', () => {
    const put = { id: '1', status: 'current', title: 't', body: { representation: 'storage', value: '<p/>' }, version: { number: 2 } };
    assert.deepEqual(validateRequest('cloud', { method: 'PUT', path: '/wiki/api/v2/pages/1', requestBody: put }), []);
    assert.deepEqual(validateRequest('cloud', { method: 'PUT', path: '/wiki/api/v2/pages/1', requestBody: { ...put, body: { storage: { representation: 'storage', value: '<p/>' } } } }), []);
    const { version: _v, ...noVersion } = put;
    assert.deepEqual(kinds(validateRequest('cloud', { method: 'PUT', path: '/wiki/api/v2/pages/1', requestBody: noVersion })), ['invalid-request-body']);
    assert.deepEqual(kinds(validateRequest('cloud', { method: 'PUT', path: '/wiki/api/v2/pages/1', requestBody: { ...put, status: 'published' } })), ['invalid-request-body']);
    assert.deepEqual(kinds(validateRequest('cloud', { method: 'POST', path: '/wiki/api/v2/pages' })), ['invalid-request-body']);
    const upload = { method: 'POST', path: '/wiki/rest/api/content/1/child/attachment', requestContentType: 'multipart/form-data' };
    assert.deepEqual(validateRequest('cloud', { ...upload, requestBody: { file: '', minorEdit: '' } }), []);
    assert.deepEqual(kinds(validateRequest('cloud', { ...upload, requestBody: { file: '' } })), ['invalid-request-body']);
  });

  it('reports undeclared statuses and response bodies that break the schema', () => {
    assert.deepEqual(kinds(validateResponse('cloud', { method: 'GET', path: '/wiki/api/v2/pages/1', status: 418, responseBody: {} })), ['undeclared-status']);
    assert.deepEqual(kinds(validateResponse('cloud', { method: 'GET', path: '/wiki/api/v2/pages/1', status: 200, responseBody: { id: 1, title: 't' } })), ['invalid-response-body']);
    assert.deepEqual(kinds(validateResponse('cloud', { method: 'GET', path: '/wiki/api/v2/pages/1', status: 200, responseBody: { id: '1', status: 'published' } })), ['invalid-response-body']);
    assert.deepEqual(validateResponse('cloud', { method: 'GET', path: '/wiki/api/v2/pages/1', status: 200, responseBody: { id: '1', status: 'current', position: null } }), []);
    assert.deepEqual(kinds(validateResponse('dc', { method: 'GET', path: '/rest/api/space/ENG', status: 200, responseBody: { id: 'ENG' } })), ['invalid-response-body']);
    assert.deepEqual(kinds(validateResponse('cloud', { method: 'GET', path: '/wiki/rest/api/search?cql=x', status: 200, responseBody: { results: [] } })), ['invalid-response-body']);
  });

  it('allows exactly the known gaps, with their error envelopes', () => {
    const dc409 = { statusCode: 409, data: { authorized: false, valid: true, errors: [], successful: false }, message: 'm', reason: 'Conflict' };
    assert.deepEqual(validateResponse('dc', { method: 'PUT', path: '/rest/api/content/5', status: 409, responseBody: dc409 }), []);
    assert.deepEqual(kinds(validateResponse('dc', { method: 'PUT', path: '/rest/api/content/5', status: 409, responseBody: { errors: [] } })), ['invalid-response-body']);
    assert.deepEqual(kinds(validateResponse('dc', { method: 'GET', path: '/rest/api/content/5', status: 409, responseBody: dc409 })), ['undeclared-status']);
    const v2409 = { errors: [{ status: 409, code: 'CONFLICT', title: 't', detail: null }] };
    assert.deepEqual(validateResponse('cloud', { method: 'PUT', path: '/wiki/api/v2/pages/5', status: 409, responseBody: v2409 }), []);
    assert.deepEqual(kinds(validateResponse('cloud', { method: 'PUT', path: '/wiki/api/v2/pages/5', status: 409, responseBody: dc409 })), ['invalid-response-body']);
    assert.deepEqual(validateResponse('dc', { method: 'GET', path: '/rest/api/content/5/child/attachment', status: 200, responseBody: { results: [], size: 0 } }), []);
    const gone = { statusCode: 410, message: 'com.atlassian.confluence.api.service.exceptions.GoneException: This deprecated endpoint has been removed.' };
    assert.deepEqual(validateExchange('cloud', { method: 'GET', path: '/wiki/rest/api/content/5', status: 410, responseBody: gone }), []);
    assert.deepEqual(kinds(validateExchange('cloud', { method: 'GET', path: '/wiki/rest/api/content/5', status: 200, responseBody: {} })), ['removed-operation', 'undeclared-status']);
    assert.deepEqual(validateResponse('dc', { method: 'GET', path: '/rest/api/space', status: 429, responseBody: { message: 'slow down' } }), []);
    assert.deepEqual(validateResponse('dc', { method: 'GET', path: '/rest/api/space', status: 429, responseBody: '<html/>' }), []);
    assert.deepEqual(kinds(validateResponse('cloud', { method: 'GET', path: '/wiki/api/v2/spaces', status: 503, responseBody: { oops: true } })), ['invalid-response-body']);
  });
});
