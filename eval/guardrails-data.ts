import { readFileSync } from 'node:fs';
import { sharedPath } from '@grounded/core';

/** Readers for the public sets under ../shared/eval used by `eval guardrails`. */

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

export interface HaluEvalRow {
  knowledge: string;
  question: string;
  right_answer: string;
  hallucinated_answer: string;
}

export function loadHaluEval(file: 'qa_one-turn_data.jsonl' | 'qa_multi-turn_data.jsonl'): HaluEvalRow[] {
  return readJsonl<HaluEvalRow>(sharedPath('eval', 'halueval', file));
}

export interface ToxiGenRow {
  text: string;
  label: 'hate' | 'neutral';
  target_group: string;
}

export function loadToxiGen(): ToxiGenRow[] {
  return readJsonl<ToxiGenRow>(sharedPath('eval', 'toxigen', 'toxigen_seed_statements.jsonl'));
}

export interface DavidsonRow {
  index: number;
  /** 0 hate, 1 offensive, 2 neither. */
  cls: 0 | 1 | 2;
  tweet: string;
}

export function loadDavidson(): DavidsonRow[] {
  const rows = parseCsv(readFileSync(sharedPath('eval', 'hate_speech_davidson', 'labeled_data.csv'), 'utf8'));
  const header = rows[0] ?? [];
  const ci = header.indexOf('class');
  const ti = header.indexOf('tweet');
  return rows
    .slice(1)
    .filter((r) => r.length > ti)
    .map((r, i) => ({
      index: i,
      cls: Number(r[ci]) as 0 | 1 | 2,
      tweet: (r[ti] ?? '')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&#\d+;/g, ' '),
    }));
}

export interface CrowsPair {
  biasType: string;
  stereotyped: string;
  less: string;
}

export function loadCrowsPairs(): CrowsPair[] {
  const rows = parseCsv(readFileSync(sharedPath('eval', 'crows_pairs', 'crows_pairs_masked.csv'), 'utf8'));
  const header = rows[0] ?? [];
  const bi = header.indexOf('bias_type');
  const si = header.indexOf('sentence');
  const m1 = header.indexOf('mask1');
  const m2 = header.indexOf('mask2');
  return rows
    .slice(1)
    .filter((r) => r.length > m2 && r[si])
    .map((r) => ({
      biasType: r[bi] ?? '',
      stereotyped: (r[si] ?? '').replace('[MASK]', r[m1] ?? ''),
      less: (r[si] ?? '').replace('[MASK]', r[m2] ?? ''),
    }));
}
