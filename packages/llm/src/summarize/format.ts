import type { SummaryFormat } from './types';

/** Renders summary sentences: one paragraph, '- ' bullets, or numbered key points. */
export function renderSummary(sentences: readonly string[], format: SummaryFormat): string {
  if (format === 'paragraph') return sentences.join(' ');
  if (format === 'bullets') return sentences.map((s) => `- ${s}`).join('\n');
  return sentences.map((s, i) => `${i + 1}. ${s}`).join('\n');
}
