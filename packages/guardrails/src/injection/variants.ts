import { isCjk, type NormalizedText, normalizeWithMap } from '../text/normalize';

/**
 * De-obfuscated views of a text. Each keeps an index map back to the original so a rule that
 * fires on "i g n o r e" or "1gn0re" still reports a span in the text the user sent.
 */

export interface TextVariant extends NormalizedText {
  name: 'plain' | 'despaced' | 'leet' | 'base64';
}

function transform(src: NormalizedText, fn: (ch: string, i: number, text: string) => string): NormalizedText {
  let text = '';
  const map: number[] = [];
  for (let i = 0; i < src.text.length; i++) {
    const out = fn(src.text[i]!, i, src.text);
    for (let k = 0; k < out.length; k++) {
      text += out[k];
      map.push(src.map[i]!);
    }
  }
  map.push(src.map[src.map.length - 1]!);
  return { text, map };
}

/** Collapses letter-by-letter spacing ("i g n o r e") and spaces between Chinese characters. */
function despace(src: NormalizedText): NormalizedText {
  const t = src.text;
  const keep = new Array<boolean>(t.length).fill(true);
  // Runs of single characters separated by single/double spaces: drop the spaces inside the run,
  // but keep a wider gap (3+ spaces) as a word break.
  const re = /(?:^|(?<=\s))(?:[a-z0-9]\s{1,2}){3,}[a-z0-9](?=\s|$|[^a-z0-9])/g;
  for (const m of t.matchAll(re)) {
    for (let i = m.index; i < m.index + m[0].length; i++) {
      if (t[i] === ' ') keep[i] = false;
    }
  }
  for (let i = 1; i + 1 < t.length; i++) {
    if (t[i] === ' ' && isCjk(t[i - 1]!) && isCjk(t[i + 1]!)) keep[i] = false;
  }
  return transform(src, (ch, i) => (keep[i] ? ch : ''));
}

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

function unleet(src: NormalizedText): NormalizedText {
  return transform(src, (ch, i, text) => {
    const sub = LEET[ch];
    if (sub === undefined) return ch;
    // Only inside words: "1gn0re" yes, "version 1.0" no.
    const prev = text[i - 1] ?? ' ';
    const next = text[i + 1] ?? ' ';
    return /[a-z]/.test(prev) || /[a-z]/.test(next) ? sub : ch;
  });
}

/** Decodes base64 runs that turn into readable text, mapping every decoded char to the run. */
function decodeBase64Runs(original: string): TextVariant[] {
  const out: TextVariant[] = [];
  for (const m of original.matchAll(/[A-Za-z0-9+/]{16,}={0,2}/g)) {
    const run = m[0];
    if (run.length % 4 === 1) continue;
    let decoded: string;
    try {
      decoded = Buffer.from(run, 'base64').toString('utf8');
    } catch {
      continue;
    }
    // Binary noise is not an instruction; require mostly printable text.
    const printable = [...decoded].filter((c) => /[\p{L}\p{N}\p{P}\s]/u.test(c)).length;
    if (decoded.length < 8 || printable / [...decoded].length < 0.9) continue;
    const norm = normalizeWithMap(decoded);
    out.push({
      name: 'base64',
      text: norm.text,
      map: norm.map.map((_, i) => (i === norm.map.length - 1 ? m.index + run.length : m.index)),
    });
  }
  return out;
}

export function textVariants(original: string): TextVariant[] {
  const plain = normalizeWithMap(original.replace(/_/g, ' '));
  const variants: TextVariant[] = [{ name: 'plain', ...plain }];
  const ds = despace(plain);
  if (ds.text !== plain.text) variants.push({ name: 'despaced', ...ds });
  const lt = unleet(ds);
  if (lt.text !== ds.text) variants.push({ name: 'leet', ...lt });
  variants.push(...decodeBase64Runs(original));
  return variants;
}
