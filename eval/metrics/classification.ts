/** Accuracy and macro-F1 over the gold label set (labels never predicted count with F1 = 0). */
export function classificationScores(
  gold: readonly string[],
  predicted: readonly string[],
): { accuracy: number; macroF1: number } {
  const labels = [...new Set(gold)];
  let correct = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  const f1s = labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      const g = gold[i] === label;
      const p = predicted[i] === label;
      if (g && p) tp++;
      else if (p) fp++;
      else if (g) fn++;
    }
    return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  });
  return {
    accuracy: gold.length > 0 ? correct / gold.length : 0,
    macroF1: f1s.length > 0 ? f1s.reduce((a, b) => a + b, 0) / f1s.length : 0,
  };
}
