import { findInjectionHits, injectionFeatures, loadLinearModel, rulesScore, textVariants } from '@grounded/guardrails';
const model = loadLinearModel(new URL(`file://${process.argv[2]}`));
for (const text of process.argv.slice(3)) {
  const v = textVariants(text); const hits = findInjectionHits(v, false); const r = rulesScore(hits);
  const f = injectionFeatures(v, hits, r, model, false);
  let sparse = 0; const contribs: [string, number][] = [];
  f.indices.forEach((b, i) => { const c = model.weights[b]! * f.values[i]!; sparse += c; contribs.push([f.evidence.get(b)?.gram ?? '?', c]); });
  const dense = f.dense.map((x, k) => [model.dense[k], x * model.weights[model.buckets + k]!] as [string, number]).filter(([, c]) => Math.abs(c) > 0.05);
  console.log(`\n${text}\n bias ${model.bias.toFixed(2)} sparse ${sparse.toFixed(2)} dense ${dense.reduce((s, [, c]) => s + c, 0).toFixed(2)}`);
  console.log(' dense:', dense.map(([n, c]) => `${n}=${c.toFixed(2)}`).join(' '));
  contribs.sort((a, b) => b[1] - a[1]);
  console.log(' top+:', contribs.slice(0, 12).map(([g, c]) => `${JSON.stringify(g)}=${c.toFixed(2)}`).join(' '));
  console.log(' top-:', contribs.slice(-6).map(([g, c]) => `${JSON.stringify(g)}=${c.toFixed(2)}`).join(' '));
}
