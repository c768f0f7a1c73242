import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@grounded/core';
import { checkInjection } from '@grounded/guardrails';

interface InjectionRow {
  id: string;
  lang: 'en' | 'zh';
  label: 'attack' | 'benign';
  text: string;
}

export interface BinaryCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export function metrics(c: BinaryCounts) {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const fpr = c.fp + c.tn === 0 ? 0 : c.fp / (c.fp + c.tn);
  const accuracy = (c.tp + c.tn) / Math.max(1, c.tp + c.tn + c.fp + c.fn);
  const tnr = c.fp + c.tn === 0 ? 0 : c.tn / (c.fp + c.tn);
  return { precision, recall, f1, fpr, accuracy, balancedAccuracy: (recall + tnr) / 2 };
}

export function loadInjectionSet(file = 'injection-labelled.jsonl'): InjectionRow[] {
  return readFileSync(path.join(repoRoot(), 'packages', 'guardrails', 'data', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as InjectionRow);
}

export function evalInjection(rows: InjectionRow[]) {
  const c: BinaryCounts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  const errors: string[] = [];
  for (const row of rows) {
    const flagged = checkInjection(row.text).action === 'block';
    const attack = row.label === 'attack';
    if (flagged && attack) c.tp++;
    else if (flagged) {
      c.fp++;
      errors.push(`FP ${row.id} ${row.text}`);
    } else if (attack) {
      c.fn++;
      errors.push(`FN ${row.id} ${row.text}`);
    } else c.tn++;
  }
  return {
    counts: c,
    ...metrics(c),
    attacks: rows.filter((r) => r.label === 'attack').length,
    benign: rows.filter((r) => r.label === 'benign').length,
    errors,
  };
}
