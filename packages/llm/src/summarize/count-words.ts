const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af]/u;

/** Length in words; CJK text has no spaces, so each CJK character counts as a word. */
export function countWords(text: string): number {
  let n = 0;
  for (const tok of text.split(/\s+/)) {
    if (tok === '') continue;
    let cjk = 0;
    for (const ch of tok) if (CJK.test(ch)) cjk++;
    const rest = tok.replace(new RegExp(CJK.source, 'gu'), ' ').trim();
    n += cjk + (rest === '' ? 0 : rest.split(/\s+/).length);
  }
  return n;
}
