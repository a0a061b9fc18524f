/**
 * The committed standalone validator of full.json is what ajv generates today from the
 * installed ajv and @atlaskit/adf-schema (`npm run generate:adf` rewrites it).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { MODULE, TYPES, renderValidatorModule, renderValidatorTypes } from '../../../scripts/generate-adf-validator';

describe('adf/full-schema-validator.generated', () => {
  it('is up to date (else run: npm run generate:adf)', () => {
    assert.ok(readFileSync(MODULE, 'utf8') === renderValidatorModule(), 'stale: run npm run generate:adf');
    assert.equal(readFileSync(TYPES, 'utf8'), renderValidatorTypes());
  });
});
