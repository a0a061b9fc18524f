import { strict as assert } from 'node:assert';
import { lint } from '../../server/src/core/lint';

const noformat = '<ac:structured-macro ac:name="noformat"><ac:plain-text-body><![CDATA[x]]></ac:plain-text-body></ac:structured-macro>';
const info = '<ac:structured-macro ac:name="info"><ac:rich-text-body><p>i</p></ac:rich-text-body></ac:structured-macro>';
/** The legacy-macro findings left, as the offsets of the macros they are on. */
const reported = (text: string) =>
  lint(text, 'storage')
    .problems.filter((p) => p.ruleId === 'legacy-macro')
    .map((p) => p.start);
const at = (text: string, ...parts: string[]) => {
  const out: number[] = [];
  let from = 0;
  for (const part of parts) out.push((from = text.indexOf(part, from)) >= 0 ? from++ : -1);
  return out;
};

describe('suppression comments', () => {
  it('disable-next covers only the next element, wherever the comment sits', () => {
    const text = `<div><!-- confluence-triage-disable-next legacy-macro -->\n${noformat}</div>${info}`;
    assert.deepEqual(reported(text), at(text, info));
    const nested = `<table><tbody><tr><td><p>a</p><!--confluence-triage-disable-next-->${info}</td></tr></tbody></table>${noformat}`;
    assert.deepEqual(reported(nested), at(nested, noformat));
  });

  it('disable-next does not reach past text', () => {
    const text = `<p>x<!-- confluence-triage-disable-next legacy-macro --> words ${info}</p>`;
    assert.deepEqual(reported(text), at(text, info));
  });

  it('disable holds until the matching enable, per rule or for all rules', () => {
    const text = `${info}<!-- confluence-triage-disable legacy-macro -->${noformat}<p><!-- confluence-triage-enable legacy-macro --></p>${info}`;
    assert.deepEqual(reported(text), at(text, info, info));
    // An enable of any rule ends a disable of all rules.
    const all = `<!-- confluence-triage-disable -->${info}<!-- confluence-triage-enable other-rule -->${noformat}`;
    assert.deepEqual(reported(all), at(all, noformat));
    const other = `<!-- confluence-triage-disable unknown-macro -->${info}`;
    assert.deepEqual(reported(other), at(other, info));
  });

  it('counts comments inside ac:adf-fallback, and only real comments', () => {
    const fallback = `<ac:adf-extension><ac:adf-fallback><!-- confluence-triage-disable legacy-macro --></ac:adf-fallback></ac:adf-extension>${info}`;
    assert.deepEqual(reported(fallback), []);
    const notComments =
      `<p title="&lt;!-- confluence-triage-disable --&gt;">confluence-triage-disable</p>` +
      `<ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[<!-- confluence-triage-disable -->]]></ac:plain-text-body></ac:structured-macro>${info}`;
    assert.deepEqual(reported(notComments), at(notComments, info));
  });
});
