import { normalizeInPlace } from './vector-math';

/** Seeded unit vectors for tests and benchmarks (mulberry32 + Box-Muller), reproducible anywhere. */
export function seededUnitVectors(count: number, dimension: number, seed: number): Float32Array[] {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => {
    const v = new Float32Array(dimension);
    for (let i = 0; i < dimension; i++) {
      v[i] = Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next());
    }
    return normalizeInPlace(v);
  });
}
