import { AppError, isAppError } from '@grounded/core';
import { splitSentences } from '@grounded/text';
import type { ChatMessage, Generator, NumberedSource } from '../generation/types';
import { countWords } from './count-words';
import { renderSummary } from './format';
import { tfidfSimilarity } from './tfidf';
import type { SourceSpan, SummarizeProgress, SummaryFormat, SummaryLength } from './types';

export interface MapReduceSummaryOptions {
  /** The document's sections (pages, headings, chunks) in order. */
  sections: readonly string[];
  generator: Generator;
  length?: SummaryLength;
  format?: SummaryFormat;
  focus?: string;
  /** Language to write the summary in, e.g. 'en', 'zh'. */
  language?: string;
  /** Tokens reserved for each generated summary (default 256). */
  maxTokens?: number;
  onProgress?: (progress: SummarizeProgress) => void;
  /**
   * Decides whether a summary sentence is supported by the sources it was attributed to (e.g. the
   * groundedness check); unsupported sentences are dropped from the final summary.
   */
  isSupported?: (sentence: string, sources: readonly string[]) => Promise<boolean>;
  signal?: AbortSignal;
}

export interface MapSummaryPart {
  text: string;
  /** The section span this part summarises. */
  source: SourceSpan;
}

export interface AbstractiveSummarySentence {
  text: string;
  /** Source spans this sentence draws from (the chunks whose partial summaries it is closest to). */
  sources: SourceSpan[];
}

export interface AbstractiveSummary {
  text: string;
  format: SummaryFormat;
  sentences: AbstractiveSummarySentence[];
  /** The map step's partial summaries with their spans. */
  parts: MapSummaryPart[];
  /** Sentences removed because `isSupported` rejected them. */
  dropped: string[];
  method: 'abstractive';
  generatorId: string;
}

interface Chunk {
  text: string;
  span: SourceSpan;
}

/** Prompt overhead in tokens beyond the chunk text (instructions and role labels). */
const PROMPT_OVERHEAD = 96;

function lengthInstruction(length: SummaryLength | undefined, format: SummaryFormat): string {
  const shape =
    format === 'paragraph'
      ? 'a single paragraph'
      : format === 'bullets'
        ? 'bullet points'
        : 'numbered key points';
  if (!length) return `Write ${shape}.`;
  return `Write ${shape} of at most ${length.value} ${length.unit === 'words' ? 'words' : length.unit}.`;
}

function messagesFor(
  task: string,
  text: string,
  options: MapReduceSummaryOptions,
  format: SummaryFormat,
): ChatMessage[] {
  const focus = options.focus ? ` Concentrate on: ${options.focus}.` : '';
  const lang = options.language ? ` Write in the language with code "${options.language}".` : '';
  return [
    {
      role: 'system',
      content: `You summarize documents faithfully. Use only facts stated in the text; never add anything.${lang}`,
    },
    {
      role: 'user',
      content: `${task}${focus} ${lengthInstruction(options.length, format)}\n\nText:\n${text}`,
    },
  ];
}

/** Splits sections into chunks whose prompt fits the generator's context window. */
export function chunkSections(sections: readonly string[], generator: Generator, maxTokens: number): Chunk[] {
  const budget = generator.contextWindow - maxTokens - PROMPT_OVERHEAD;
  if (budget < 16) {
    throw new AppError(
      'context_too_small',
      `generator ${generator.id} has no room for text in its context window`,
      {
        details: { contextWindow: generator.contextWindow, maxTokens },
      },
    );
  }
  const chunks: Chunk[] = [];
  sections.forEach((section, index) => {
    if (section.trim() === '') return;
    if (generator.countTokens(section) <= budget) {
      chunks.push({ text: section, span: { section: index, start: 0, end: section.length } });
      return;
    }
    let start = -1;
    let end = -1;
    for (const s of splitSentences(section)) {
      const candidateStart = start < 0 ? s.start : start;
      if (start >= 0 && generator.countTokens(section.slice(candidateStart, s.end)) > budget) {
        chunks.push({ text: section.slice(start, end), span: { section: index, start, end } });
        start = s.start;
      } else if (start < 0) start = s.start;
      end = s.end;
      // A single sentence above the budget: cut it by characters, proportionally.
      while (generator.countTokens(section.slice(start, end)) > budget) {
        const ratio = budget / generator.countTokens(section.slice(start, end));
        const cut = start + Math.max(1, Math.floor((end - start) * ratio * 0.9));
        chunks.push({ text: section.slice(start, cut), span: { section: index, start, end: cut } });
        start = cut;
      }
    }
    if (start >= 0 && end > start)
      chunks.push({ text: section.slice(start, end), span: { section: index, start, end } });
  });
  return chunks;
}

async function generateText(
  generator: Generator,
  messages: ChatMessage[],
  source: string,
  options: MapReduceSummaryOptions,
): Promise<string> {
  const sources: NumberedSource[] = [
    {
      number: 1,
      chunkId: 'summary-input',
      documentId: 'summary-input',
      text: source,
      start: 0,
      end: source.length,
      score: 1,
    },
  ];
  let out = '';
  try {
    for await (const event of generator.generate({
      messages,
      sources,
      question: options.focus ?? 'Summarize the text.',
      maxTokens: options.maxTokens ?? 256,
      temperature: 0,
      ...(options.signal ? { signal: options.signal } : {}),
    })) {
      if (event.type === 'delta') out += event.text;
    }
  } catch (cause) {
    if (isAppError(cause)) throw cause;
    throw new AppError('summarize_failed', `generator ${generator.id} failed while summarizing`, {
      cause,
      retryable: true,
    });
  }
  return out.trim();
}

/** Removes list markers a model may add, so sentences can be re-rendered in the requested format. */
function stripMarker(line: string): string {
  return line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim();
}

/**
 * Abstractive summary of a long document with a configured generator: summarise each chunk that
 * fits the context window (map), then summarise the partial summaries (reduce, repeated while they
 * do not fit in one prompt). Each final sentence carries the source spans it draws from.
 */
export async function summarizeMapReduce(options: MapReduceSummaryOptions): Promise<AbstractiveSummary> {
  const { generator } = options;
  const format = options.format ?? 'paragraph';
  const maxTokens = options.maxTokens ?? 256;
  const chunks = chunkSections(options.sections, generator, maxTokens);
  if (chunks.length === 0) throw new AppError('invalid_summary_request', 'there is no text to summarize');

  const parts: MapSummaryPart[] = [];
  for (const [i, chunk] of chunks.entries()) {
    options.signal?.throwIfAborted();
    const text = await generateText(
      generator,
      messagesFor('Summarize this part of a document.', chunk.text, options, format),
      chunk.text,
      options,
    );
    parts.push({ text, source: chunk.span });
    options.onProgress?.({ stage: 'map', done: i + 1, total: chunks.length });
  }

  // Reduce: group partial summaries into prompts that fit, until one remains.
  let level: { text: string; sources: SourceSpan[] }[] = parts.map((p) => ({
    text: p.text,
    sources: [p.source],
  }));
  const budget = generator.contextWindow - maxTokens - PROMPT_OVERHEAD;
  let reduceDone = 0;
  while (level.length > 1) {
    const groups: (typeof level)[] = [];
    let current: typeof level = [];
    for (const item of level) {
      const joined = [...current, item].map((x) => x.text).join('\n\n');
      if (current.length > 0 && generator.countTokens(joined) > budget) {
        groups.push(current);
        current = [];
      }
      current.push(item);
    }
    if (current.length > 0) groups.push(current);
    // A level that cannot shrink (each summary alone fills the window) would loop forever.
    if (groups.length === level.length) groups.splice(0, groups.length, level);
    const next: typeof level = [];
    for (const group of groups) {
      options.signal?.throwIfAborted();
      const joined = group.map((x) => x.text).join('\n\n');
      const text = await generateText(
        generator,
        messagesFor(
          'Combine these partial summaries of one document into one summary.',
          joined,
          options,
          format,
        ),
        joined,
        options,
      );
      next.push({ text, sources: group.flatMap((g) => g.sources) });
      reduceDone++;
      options.onProgress?.({
        stage: 'reduce',
        done: reduceDone,
        total: reduceDone + Math.max(0, groups.length - next.length),
      });
    }
    level = next;
  }
  const final = level[0] ?? { text: '', sources: [] };

  // Attribute each sentence to the partial summaries it is most similar to.
  const lines = final.text.split(/\n+/).map(stripMarker).filter(Boolean);
  const sentenceTexts = lines.flatMap((l) => splitSentences(l).map((s) => s.text));
  const sim =
    parts.length > 0 && sentenceTexts.length > 0
      ? tfidfSimilarity(
          sentenceTexts,
          parts.map((p) => p.text),
        )
      : [];
  const sentences: AbstractiveSummarySentence[] = [];
  const dropped: string[] = [];
  for (const [i, text] of sentenceTexts.entries()) {
    const row = sim[i] ?? [];
    const max = Math.max(0, ...row);
    // Everything within 80% of the best match counts; with no lexical overlap, all spans used.
    const sources =
      max > 0 ? parts.filter((_, j) => (row[j] ?? 0) >= 0.8 * max).map((p) => p.source) : final.sources;
    if (options.isSupported) {
      const sourceTexts = sources.map((s) => (options.sections[s.section] ?? '').slice(s.start, s.end));
      if (!(await options.isSupported(text, sourceTexts))) {
        dropped.push(text);
        continue;
      }
    }
    sentences.push({ text, sources });
  }
  let kept = sentences;
  // The model may overshoot the requested length; we enforce it rather than trust it.
  if (options.length) {
    const { unit, value } = options.length;
    if (unit === 'words') {
      let used = 0;
      kept = sentences.filter((s) => {
        const n = countWords(s.text);
        if (used + n > value) return false;
        used += n;
        return true;
      });
    } else kept = sentences.slice(0, value);
  }
  return {
    text: renderSummary(
      kept.map((s) => s.text),
      format,
    ),
    format,
    sentences: kept,
    parts,
    dropped,
    method: 'abstractive',
    generatorId: generator.id,
  };
}
