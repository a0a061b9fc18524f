/**
 * Rewrites a `noformat` macro as a `code` macro without a language (ADF `codeBlock`), the
 * Cloud editor's closest construct. The plain-text body is copied verbatim: a `]]>` in the
 * content is already split across CDATA sections there (`]]]]><![CDATA[>`), and
 * re-wrapping the decoded text would have to redo that split.
 */
import type { Macro } from './macro';
import type { StorageDocument } from './tree';
import { hasRegularShape, innerSource, rewrite, type Rewrite } from './storage-writer';

/** `noformat` macro → `code` macro without a language, plain-text body copied verbatim. */
export function noformatToCode(doc: StorageDocument, macro: Macro): Rewrite {
  const body = macro.plainBody;
  if (!hasRegularShape(doc.text, macro, body)) return { reason: 'the macro holds content outside its body, which a rewrite would lose' };
  return rewrite('Convert to code block', macro.element, () => {
    const content = body ? innerSource(doc.text, body) : '<![CDATA[]]>';
    return `<ac:structured-macro ac:name="code"><ac:plain-text-body>${content}</ac:plain-text-body></ac:structured-macro>`;
  });
}
