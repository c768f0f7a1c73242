/**
 * Whether a JSON text nests arrays and objects deeper than `limit`, counted on the text without
 * parsing it. Parsing a deep text works, but everything recursive afterwards (JSON.stringify, zod)
 * overflows the stack: every JSON a client sends is checked with this first (issue #12).
 */
export function jsonDepthExceeds(text: string | Uint8Array, limit: number): boolean {
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i]!;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = at(i);
    if (inString) {
      if (code === 0x5c /* \ */) i++;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (code === 0x7d /* } */ || code === 0x5d /* ] */) depth--;
  }
  return false;
}

/** The nesting accepted where no setting says otherwise (request bodies use MAX_JSON_DEPTH). */
export const DEFAULT_MAX_JSON_DEPTH = 64;
