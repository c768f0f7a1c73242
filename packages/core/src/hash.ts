import { createHash } from 'node:crypto';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A short, stable id: the first `length` hex characters of sha256 over the parts. */
export function stableId(parts: readonly (string | number)[], length = 24): string {
  return sha256Hex(parts.join('\u241f')).slice(0, length);
}
