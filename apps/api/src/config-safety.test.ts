import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('SAFETY_CLASSIFIER setting (issue #19)', () => {
  it('defaults to the lexicon and accepts the learned model with the USE-lite embedder', () => {
    expect(loadConfig({}).SAFETY_CLASSIFIER).toBe('lexicon');
    expect(loadConfig({ SAFETY_CLASSIFIER: 'learned' }).SAFETY_CLASSIFIER).toBe('learned');
  });

  it('refuses the learned model with another embedder, and unknown values', () => {
    expect(() =>
      loadConfig({ SAFETY_CLASSIFIER: 'learned', EMBEDDER: 'transformers', EMBEDDER_MODEL: 'x' }),
    ).toThrow(ConfigError);
    expect(() => loadConfig({ SAFETY_CLASSIFIER: 'magic' })).toThrow(ConfigError);
  });
});
