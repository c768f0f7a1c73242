import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseLimitsOf } from './config';

describe('OCR_ENGINE setting (issue #14)', () => {
  it('defaults to tesseract, accepts paddle, and hands the choice to every parse', () => {
    expect(loadConfig({}).OCR_ENGINE).toBe('tesseract');
    expect(parseLimitsOf(loadConfig({})).ocrEngineKind).toBe('tesseract');
    expect(parseLimitsOf(loadConfig({ OCR_ENGINE: 'paddle' })).ocrEngineKind).toBe('paddle');
  });

  it('refuses an engine it cannot build', () => {
    expect(() => loadConfig({ OCR_ENGINE: 'easyocr' })).toThrow(ConfigError);
  });
});
