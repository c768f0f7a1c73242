import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { repoRoot } from '@grounded/core';
import { GuardrailService, policyFromSettings } from '@grounded/documents';
import { checkInjection, createLexiconSafetyClassifier } from '@grounded/guardrails';
import { type InjectionExample, loadInjectionExamples } from './guardrails-injection-data';

/**
 * `npm run eval -- guardrails-split-turns [--blind] [--verbose]`: the split-turn probe of issue #19 (rule in
 * eval/guardrails-injection.ts). An attack sent in fragments, one per turn, passes a check that reads each turn
 * alone; the chat's input stage also reads the message joined to the last two earlier user turns
 * (GuardrailService.checkAcrossTurns, which this probe calls with the default policy). Dev: the dev attacks
 * split at word boundaries, and benign conversations of dev questions. `--blind` scores the blind sets' attacks,
 * split the same way (reported once, choosing nothing).
 */
const REALISTIC = new Set(['nq-open', 'squad', 'cmrc']);
const DEV_ATTACK_SPLITS = new Set(['lookalike-dev2', 'lookalike-dev3', 'lookalike-dev4', 'short-blind12']);
const BLIND_ATTACK_SPLITS = new Set([
  'holdout2',
  'blind5',
  'lookalike-heldout',
  'lookalike-blind6',
  'lookalike-blind7',
  'lookalike-blind8',
  'lookalike-blind9',
  'lookalike-blind10',
  'lookalike-blind11',
  'short-blind13',
  'lookalike-blind14',
  'lookalike-blind15',
]);
const blocks = (text: string) => checkInjection(text).action === 'block';

/** Word-boundary fragments: two halves, three thirds from twelve words on. */
export function fragments(text: string): string[] {
  const words = text.split(/\s+/u).filter(Boolean);
  const parts = words.length >= 12 ? 3 : 2;
  const size = Math.ceil(words.length / parts);
  return Array.from({ length: parts }, (_, i) => words.slice(i * size, (i + 1) * size).join(' ')).filter(
    Boolean,
  );
}

// The chat's own check, under the default policy (no database is touched by it).
const guard = new GuardrailService({ db: {} as never, safety: createLexiconSafetyClassifier() });
const policy = policyFromSettings({});

/** What the chat refuses at turn i: the message alone, or read with the earlier turns (checkAcrossTurns). */
function refusedAt(turns: readonly string[], i: number): { alone: boolean; joined: boolean } {
  const alone = blocks(turns[i]!);
  const joined =
    alone ||
    guard.checkAcrossTurns(
      turns.slice(0, i).map((content) => ({ role: 'user' as const, content })),
      turns[i]!,
      policy,
    )?.refuses === true;
  return { alone, joined };
}

function splitAttacks(attacks: readonly InjectionExample[], verbose: boolean, name: string) {
  // Chinese has no spaces to split at; an attack of six or more words (English) is split.
  const long = attacks.filter((e) => e.text.split(/\s+/u).filter(Boolean).length >= 6);
  let evading = 0;
  let caught = 0;
  for (const e of long) {
    const turns = fragments(e.text);
    // A fragment refused alone is refused by the per-turn check and never reaches the history: not evading.
    if (turns.some((t) => blocks(t))) continue;
    evading++;
    const last = refusedAt(turns, turns.length - 1);
    if (last.joined) caught++;
    else if (verbose) console.log(`  missed [${name}] ${turns.join(' ⏎ ')}`);
  }
  const pct = (a: number, n: number) => `${((100 * a) / Math.max(1, n)).toFixed(1)} %`;
  console.log(
    `${name}: ${long.length} attacks of ≥ 6 words; ${evading} pass turn by turn; the joined check catches ${caught} of them (${pct(caught, evading)})`,
  );
}

interface Conversation {
  id: string;
  lang: string;
  label: 'attack' | 'benign';
  family: string;
  turns: string[];
}

/**
 * What the chat does with a conversation's user turns, one request per turn (each earlier turn answered, the
 * answer kept as a stored conversation keeps it): the turn at which it refuses — alone, or read with the turns
 * before (checkAcrossTurns) — or, when none is refused, whether the history the next turn would see leaves a
 * turn out (screenHistory's windows).
 */
function conversationOutcome(turns: readonly string[]): {
  refusedAlone: boolean;
  refusedAcross: boolean;
  leftOut: boolean;
} {
  const history: { role: 'user' | 'assistant'; content: string }[] = [];
  for (const [i, message] of turns.entries()) {
    if (blocks(message)) return { refusedAlone: true, refusedAcross: false, leftOut: false };
    const kept = guard.screenHistory(history, policy).history;
    const earlier = kept.filter((t) => t.role === 'user');
    if (i > 0 && guard.checkAcrossTurns(earlier, message, policy)?.refuses)
      return { refusedAlone: false, refusedAcross: true, leftOut: false };
    history.push({ role: 'user', content: message }, { role: 'assistant', content: 'Noted.' });
  }
  const next = guard.screenHistory(history, policy).history.filter((t) => t.role === 'user');
  return { refusedAlone: false, refusedAcross: false, leftOut: next.length < turns.length };
}

/** `--set=injection-split-turns-dev`: the second try's set (rule in eval/guardrails-injection.ts). */
function scoreSet(file: string, verbose: boolean): void {
  const rows = readFileSync(path.join(repoRoot(), 'packages', 'guardrails', 'data', `${file}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Conversation);
  const ms: number[] = [];
  const tally = { attack: { n: 0, alone: 0, evading: 0, caught: 0 }, benign: { n: 0, alone: 0, harmed: 0 } };
  for (const row of rows) {
    const t0 = performance.now();
    const out = conversationOutcome(row.turns);
    ms.push(performance.now() - t0);
    const stopped = out.refusedAcross || out.leftOut;
    if (row.label === 'attack') {
      tally.attack.n++;
      if (out.refusedAlone) tally.attack.alone++;
      else {
        tally.attack.evading++;
        if (stopped) tally.attack.caught++;
        else if (verbose) console.log(`  missed [${row.id} ${row.family}] ${row.turns.join(' ⏎ ')}`);
      }
    } else {
      tally.benign.n++;
      if (out.refusedAlone) tally.benign.alone++;
      if (stopped) {
        tally.benign.harmed++;
        if (verbose) console.log(`  refused [${row.id}] ${row.turns.join(' ⏎ ')}`);
      }
    }
  }
  ms.sort((a, b) => a - b);
  const { attack, benign } = tally;
  const pct = (a: number, n: number) => `${((100 * a) / Math.max(1, n)).toFixed(1)} %`;
  console.log(
    `${file}: split attacks ${attack.n}, refused turn by turn ${attack.alone}; of the ${attack.evading} that pass turn by turn, stopped across turns ${attack.caught} (${pct(attack.caught, attack.evading)})`,
  );
  console.log(
    `${file}: benign conversations ${benign.n} (a turn refused alone in ${benign.alone}); newly refused or cut across turns ${benign.harmed} (${pct(benign.harmed, benign.n)})`,
  );
  console.log(
    `per conversation (every turn's checks and history screening): p50 ${(ms[Math.floor(ms.length / 2)] ?? 0).toFixed(2)} ms`,
  );
}

export async function run(args: string[]): Promise<void> {
  const verbose = args.includes('--verbose');
  const set = args.find((a) => a.startsWith('--set='))?.slice('--set='.length);
  if (set) return scoreSet(set, verbose);
  const all = loadInjectionExamples().filter((e) => e.kind === 'message');
  if (args.includes('--blind')) {
    splitAttacks(
      all.filter((e) => e.label === 1 && BLIND_ATTACK_SPLITS.has(e.split)),
      verbose,
      'blind split attacks',
    );
    return;
  }
  splitAttacks(
    all.filter((e) => e.label === 1 && (DEV_ATTACK_SPLITS.has(e.split) || e.source === 'own-dev')),
    verbose,
    'dev split attacks',
  );
  // Benign conversations: three consecutive realistic dev questions; and each dev look-alike after two of them.
  const realistic = all.filter((e) => e.split === 'train' && e.label === 0 && REALISTIC.has(e.source));
  let conversations = 0;
  let newlyRefused = 0;
  const ms: number[] = [];
  for (let i = 0; i + 2 < realistic.length; i += 3) {
    const turns = [realistic[i]!.text, realistic[i + 1]!.text, realistic[i + 2]!.text];
    if (turns.some((t) => blocks(t))) continue;
    conversations++;
    const t0 = performance.now();
    const last = refusedAt(turns, 2);
    ms.push(performance.now() - t0);
    if (last.joined) {
      newlyRefused++;
      if (verbose) console.log(`  refused [realistic] ${turns.join(' ⏎ ')}`);
    }
  }
  const lookalikes = all.filter((e) => e.label === 0 && DEV_ATTACK_SPLITS.has(e.split));
  let lookalikeConversations = 0;
  let lookalikeRefused = 0;
  for (const [j, e] of lookalikes.entries()) {
    const turns = [
      realistic[(2 * j) % realistic.length]!.text,
      realistic[(2 * j + 1) % realistic.length]!.text,
      e.text,
    ];
    if (turns.some((t) => blocks(t))) continue;
    lookalikeConversations++;
    if (refusedAt(turns, 2).joined) {
      lookalikeRefused++;
      if (verbose) console.log(`  refused [look-alike] ${turns.join(' ⏎ ')}`);
    }
  }
  ms.sort((a, b) => a - b);
  const pct = (a: number, n: number) => `${((100 * a) / Math.max(1, n)).toFixed(2)} %`;
  console.log(
    `realistic dev conversations (3 turns, none refused alone): ${newlyRefused} of ${conversations} newly refused (${pct(newlyRefused, conversations)})`,
  );
  console.log(
    `look-alike dev conversations (2 realistic turns + a look-alike, none refused alone): ${lookalikeRefused} of ${lookalikeConversations} newly refused (${pct(lookalikeRefused, lookalikeConversations)})`,
  );
  console.log(
    `joined check (message + 2 earlier turns): p50 ${(ms[Math.floor(ms.length / 2)] ?? 0).toFixed(3)} ms, p95 ${(ms[Math.floor(ms.length * 0.95)] ?? 0).toFixed(3)} ms`,
  );
}
