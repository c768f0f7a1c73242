/**
 * A label line: a heading, a list label or a table caption ("Free trial", "什么是大语言模型"). It
 * names what follows and states nothing, so neither an answer nor a summary is made of it. Short
 * (under 40 characters) and without sentence-ending punctuation.
 */
export function isLabelLine(line: string): boolean {
  return !/[.!?。！？;；:：)"”]$/u.test(line) && line.length < 40;
}
