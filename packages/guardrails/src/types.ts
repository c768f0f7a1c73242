/**
 * Every check returns a Verdict. `action` is what the pipeline should do; `spans` point into the
 * checked text (end exclusive) so callers can redact or highlight; `version` is recorded in the
 * audit table so a verdict can be traced to the exact rules that produced it.
 */
export type VerdictAction = 'allow' | 'redact' | 'revise' | 'block';

export interface VerdictSpan {
  start: number;
  end: number;
  label: string;
}

export interface Verdict {
  check: 'injection' | 'pii' | 'toxicity' | 'groundedness' | 'bias';
  version: string;
  action: VerdictAction;
  /** Risk or support score in [0, 1], as defined by the check. */
  score: number;
  reason: string;
  spans: VerdictSpan[];
  /** For `redact`: the text with the spans replaced. For `revise`: the revised text. */
  text?: string;
}
