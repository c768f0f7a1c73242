import type { SummaryFormat } from './types';

/** Renders summary sentences: one paragraph, '- ' bullets, or numbered key points. */
export function renderSummary(given: readonly string[], format: SummaryFormat): string {
  // A sentence of hard-wrapped text keeps its line breaks in its source span, not in a bullet.
  const sentences = given.map((s) => s.replace(/\s*\n\s*/gu, ' '));
  if (format === 'paragraph') return sentences.join(' ');
  if (format === 'bullets') return sentences.map((s) => `- ${s}`).join('\n');
  return sentences.map((s, i) => `${i + 1}. ${s}`).join('\n');
}
