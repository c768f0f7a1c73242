/**
 * Vectors are stored in Postgres as little-endian float32 bytes (bytea): Debian 12 ships no
 * pgvector, and the search itself runs on the derived HNSW index, so Postgres only needs to keep
 * the exact values for rebuilds.
 */
export function encodeVector(vector: Float32Array): Buffer {
  const out = Buffer.allocUnsafe(vector.length * 4);
  for (let i = 0; i < vector.length; i++) out.writeFloatLE(vector[i] ?? 0, i * 4);
  return out;
}

export function decodeVector(bytes: Uint8Array): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

/** The same bytes as base64 text: how vectors cross the database driver (issue #16, see chunks-repo). */
export function vectorToBase64(vector: Float32Array): string {
  return encodeVector(vector).toString('base64');
}

export function vectorFromBase64(text: string): Float32Array {
  return decodeVector(Buffer.from(text, 'base64'));
}
