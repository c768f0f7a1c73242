import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@grounded/core';
import { detectPii, type PiiKind } from '@grounded/guardrails';

/** The project's own labelled PII set (packages/guardrails/data/pii-labelled.jsonl). */
interface PiiRow {
  id: string;
  lang: 'en' | 'zh';
  text: string;
  pii: { kind: PiiKind; value: string }[];
}

export interface PiiEvalResult {
  lines: number;
  positives: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  misses: string[];
  falseAlarms: string[];
}

export function loadPiiSet(): PiiRow[] {
  const file = path.join(repoRoot(), 'packages', 'guardrails', 'data', 'pii-labelled.jsonl');
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as PiiRow);
}

/** Entity-level scoring: a detection counts when its kind matches and it overlaps the labelled value. */
export function evalPii(rows: PiiRow[] = loadPiiSet()): PiiEvalResult {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses: string[] = [];
  const falseAlarms: string[] = [];
  for (const row of rows) {
    const expected = row.pii.map((p) => {
      const start = row.text.indexOf(p.value);
      return { kind: p.kind, start, end: start + p.value.length, matched: false };
    });
    const verdict = detectPii(row.text);
    for (const span of verdict.spans) {
      const hit = expected.find(
        (e) => !e.matched && e.kind === span.label && span.start < e.end && e.start < span.end,
      );
      if (hit) {
        hit.matched = true;
        tp++;
      } else {
        fp++;
        falseAlarms.push(`${row.id} ${span.label} "${row.text.slice(span.start, span.end)}"`);
      }
    }
    for (const e of expected) {
      if (!e.matched) {
        fn++;
        misses.push(`${row.id} ${e.kind} "${row.text.slice(e.start, e.end)}"`);
      }
    }
  }
  const positives = rows.reduce((n, r) => n + r.pii.length, 0);
  return {
    lines: rows.length,
    positives,
    tp,
    fp,
    fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: positives === 0 ? 1 : tp / positives,
    misses,
    falseAlarms,
  };
}
