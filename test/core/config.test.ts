import { strict as assert } from 'node:assert';
import { DEFAULT_CONFIG, parseConfig } from '../../server/src/core/config';

describe('configuration', () => {
  it('adds to and trims the default legacy macro list', () => {
    const { config, errors } = parseConfig('{"legacyMacros": {"add": {"my-macro": "none: rebuild"}, "remove": ["gallery"]}}');
    assert.deepEqual(errors, []);
    assert.equal(config.legacyMacros['my-macro'], 'none: rebuild');
    assert.equal(config.legacyMacros.gallery, undefined);
    assert.equal(config.legacyMacros.section, DEFAULT_CONFIG.legacyMacros.section);
  });

  it('keeps the valid settings of a file with bad ones, and names each bad one', () => {
    const { config, errors } = parseConfig('{"rules": {"short-link": "loud", "unknown-macro": "off"}, "jiraMacroLimit": -1, "userMap": {"a": 1, "b": "acc"}}');
    assert.equal(config.rules['unknown-macro'], 'off');
    assert.equal(config.rules['short-link'], undefined);
    assert.equal(config.jiraMacroLimit, DEFAULT_CONFIG.jiraMacroLimit);
    assert.deepEqual(config.userMap, { b: 'acc' });
    assert.equal(errors.length, 3);
  });

  it('never lets a key reach Object.prototype', () => {
    const { config, errors } = parseConfig('{"legacyMacros": {"add": {"__proto__": "x", "constructor": "y"}}, "userMap": {"__proto__": "z"}}');
    assert.equal(errors.length, 3);
    assert.equal(Object.prototype.hasOwnProperty.call(config.legacyMacros, '__proto__'), false);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it('names unknown settings (a typo would otherwise be ignored silently)', () => {
    assert.deepEqual(parseConfig('{"userMaps": {}, "$schema": "x"}').errors, ['unknown setting "userMaps"']);
  });

  it('reports invalid JSON without throwing', () => {
    const { config, errors } = parseConfig('{"rules": ');
    assert.equal(config, DEFAULT_CONFIG);
    assert.equal(errors.length, 1);
  });
});
