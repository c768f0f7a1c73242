/**
 * Greedy CTC decoding of a recognition model's per-timestep class probabilities: the most likely
 * class at each step, repeats merged, blanks dropped. PaddleOCR's CTCLabelDecode does the same;
 * its alphabet is class 0 = blank, then the dictionary's lines, then a space.
 */

export interface DecodedChar {
  char: string;
  /** The probability of the chosen class at the step that emitted it. */
  confidence: number;
  /** First and last timestep (inclusive) the character spans, repeats included. */
  firstStep: number;
  lastStep: number;
}

/**
 * The classes the decoder emits: `alphabet[i]` is the character of class `i`; class 0 (the blank)
 * is ''. Built from the dictionary lines as PaddleOCR does with use_space_char.
 */
export function ctcAlphabet(dictionary: readonly string[]): string[] {
  return ['', ...dictionary, ' '];
}

/**
 * Decodes one sequence from `probs` (steps x classes, row-major, starting at `offset`).
 * `allowed`, where given, masks the classes that may be chosen (the blank always may): a reading
 * restricted to one script picks the likeliest character of that script.
 */
export function ctcGreedyDecode(
  probs: Float32Array,
  offset: number,
  steps: number,
  alphabet: readonly string[],
  allowed?: Uint8Array,
): DecodedChar[] {
  const classes = alphabet.length;
  const out: DecodedChar[] = [];
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const row = offset + t * classes;
    let best = 0;
    let bestP = probs[row] ?? 0;
    for (let c = 1; c < classes; c++) {
      const p = probs[row + c] ?? 0;
      if (p > bestP && (!allowed || allowed[c] === 1)) {
        best = c;
        bestP = p;
      }
    }
    if (best !== 0 && best === previous) {
      const last = out[out.length - 1];
      if (last) {
        last.lastStep = t;
        last.confidence = Math.max(last.confidence, bestP);
      }
    } else if (best !== 0) {
      out.push({ char: alphabet[best] ?? '', confidence: bestP, firstStep: t, lastStep: t });
    }
    previous = best;
  }
  return out;
}

export interface DecodedWord {
  text: string;
  confidence: number;
  firstStep: number;
  lastStep: number;
}

/** Splits decoded characters into words at spaces; a word's confidence is its characters' mean. */
export function wordsOf(chars: readonly DecodedChar[]): DecodedWord[] {
  const words: DecodedWord[] = [];
  let current: DecodedChar[] = [];
  const flush = () => {
    if (current.length === 0) return;
    words.push({
      text: current.map((c) => c.char).join(''),
      confidence: current.reduce((sum, c) => sum + c.confidence, 0) / current.length,
      firstStep: current[0]!.firstStep,
      lastStep: current[current.length - 1]!.lastStep,
    });
    current = [];
  };
  for (const c of chars) {
    if (/\s/u.test(c.char)) flush();
    else current.push(c);
  }
  flush();
  return words;
}

/**
 * Inserts a space between two characters the decoder put next to each other where the crop shows
 * a run of at least `minRun` blank pixel columns between them. A detected line can run across a
 * narrow column gutter, and the recogniser then often reads the last word of one column and the
 * first of the next as one ("e" + "can" -> "ecan"), a word crossing the gutter that hides it from
 * the reading-order step. Letters of one word are never that far apart.
 *
 * `blank[x]` is 1 where crop column x holds no ink; a character sits at the centre of its steps.
 */
export function breakAtBlankRuns(
  chars: readonly DecodedChar[],
  blank: Uint8Array,
  stepWidth: number,
  minRun: number,
): DecodedChar[] {
  const out: DecodedChar[] = [];
  for (const [i, c] of chars.entries()) {
    const previous = chars[i - 1];
    if (previous && !/\s/u.test(previous.char) && !/\s/u.test(c.char)) {
      const from = Math.floor((previous.lastStep + 0.5) * stepWidth);
      const to = Math.min(Math.ceil((c.firstStep + 0.5) * stepWidth), blank.length);
      let run = 0;
      let longest = 0;
      for (let x = Math.max(from, 0); x < to; x++) {
        run = blank[x] === 1 ? run + 1 : 0;
        longest = Math.max(longest, run);
      }
      if (longest >= minRun) {
        out.push({
          char: ' ',
          confidence: c.confidence,
          firstStep: previous.lastStep,
          lastStep: c.firstStep,
        });
      }
    }
    out.push(c);
  }
  return out;
}
