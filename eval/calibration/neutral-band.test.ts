import { describe, expect, it } from 'vitest';
import { calibrateNeutralBand } from './neutral-band';

describe('calibrateNeutralBand', () => {
  it('finds a band that separates neutral scores from polar ones', () => {
    const examples = [
      ...[-0.9, -0.7, -0.5].map((score) => ({ score, label: 'negative' as const })),
      ...[-0.2, -0.1, 0, 0.15, 0.25].map((score) => ({ score, label: 'neutral' as const })),
      ...[0.45, 0.6, 0.95].map((score) => ({ score, label: 'positive' as const })),
    ];
    const { band, macroF1 } = calibrateNeutralBand(examples);
    expect(macroF1).toBe(1);
    expect(band).toBeGreaterThan(0.25);
    expect(band).toBeLessThanOrEqual(0.45);
  });
  it('chooses no band when there are no neutral examples', () => {
    const { band } = calibrateNeutralBand([
      { score: -0.1, label: 'negative' },
      { score: 0.1, label: 'positive' },
    ]);
    expect(band).toBe(0);
  });

  it('takes the narrowest band within one standard error of the best, not the widest best', () => {
    // Mild praise and complaint (±0.3) sit among wide neutrals (0.35, 0.4, -0.38).
    const examples = [
      ...[-0.9, -0.8, -0.7, -0.6, -0.5, -0.3].map((score) => ({ score, label: 'negative' as const })),
      ...[-0.2, -0.1, 0, 0.1, 0.2, 0.35, 0.4, -0.38].map((score) => ({ score, label: 'neutral' as const })),
      ...[0.3, 0.5, 0.6, 0.7, 0.8, 0.9].map((score) => ({ score, label: 'positive' as const })),
    ];
    const fit = calibrateNeutralBand(examples);
    const standardError = Math.sqrt((fit.bestMacroF1 * (1 - fit.bestMacroF1)) / examples.length);
    expect(fit.band).toBeLessThan(fit.bestBand);
    expect(fit.macroF1).toBeGreaterThanOrEqual(fit.bestMacroF1 - standardError);
    expect(fit.band).toBeLessThanOrEqual(0.3);
  });
});
