/**
 * The generated JSON schema of `.confluence-triage.json` (VS Code validates the file with it)
 * agrees with the core's own configuration parser.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { CONFIG_SCHEMA, ROOT } from '../../scripts/generate-docs';
import { parseConfig } from '../../server/src/core/config';

const validate = new Ajv({ strict: false }).compile(JSON.parse(fs.readFileSync(CONFIG_SCHEMA, 'utf8')));

describe('configuration JSON schema', () => {
  const good = [
    fs.readFileSync(path.join(ROOT, 'examples/.confluence-triage.json'), 'utf8'),
    '{"rules": {"short-link": "off"}, "legacyMacros": {"add": {"x": "none"}, "remove": ["gallery"]}, "allowedMacros": ["drawio"], "jiraMacroLimit": 5}',
    '{"legacyMacros": {"section": "layout"}}',
  ];
  const bad = ['{"rules": {"no-such-rule": "off"}}', '{"rules": {"short-link": "loud"}}', '{"jiraMacroLimit": -1}', '{"jiraServers": {"a": {"server": "x"}}}', '{"typo": true}'];

  for (const text of good) {
    it(`accepts what the parser accepts: ${text.slice(0, 50).replace(/\s+/g, ' ')}`, () => {
      assert.deepEqual(parseConfig(text).errors, []);
      assert.equal(validate(JSON.parse(text)), true, JSON.stringify(validate.errors));
    });
  }
  for (const text of bad) {
    it(`rejects ${text}`, () => {
      assert.equal(validate(JSON.parse(text)), false);
    });
  }
});
