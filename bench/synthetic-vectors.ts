import { gaussian, seededRandom } from './measure';

export type VectorDistribution = 'low-rank' | 'uniform';

/**
 * Seeded 512-d unit vectors. 'low-rank' (the default) mimics sentence embeddings, whose intrinsic
 * dimension is far below 512: x = normalize(W·z + 0.1·ε) with z a 32-d Gaussian, W a fixed random
 * 512×32 map and ε isotropic noise. 'uniform' (isotropic Gaussian, normalized) is the worst case
 * for any graph index: every point is nearly equidistant from every other.
 */
export function createVectorSource(options: {
  dimension: number;
  seed: number;
  distribution: VectorDistribution;
  latentDimension?: number;
  noise?: number;
}): () => Float32Array {
  const { dimension } = options;
  const latent = options.latentDimension ?? 32;
  const noise = options.noise ?? 0.1;
  const normal = gaussian(seededRandom(options.seed));
  const basis = new Float32Array(dimension * latent);
  for (let i = 0; i < basis.length; i++) basis[i] = normal() / Math.sqrt(latent);
  const z = new Float64Array(latent);
  return () => {
    const out = new Float32Array(dimension);
    if (options.distribution === 'uniform') {
      for (let d = 0; d < dimension; d++) out[d] = normal();
    } else {
      for (let j = 0; j < latent; j++) z[j] = normal();
      for (let d = 0; d < dimension; d++) {
        let sum = 0;
        const row = d * latent;
        for (let j = 0; j < latent; j++) sum += (basis[row + j] as number) * (z[j] as number);
        // Noise of norm ≈ 0.1 × the signal, so neighbours are not exactly on the 32-d subspace.
        out[d] = sum + noise * normal();
      }
    }
    let norm = 0;
    for (let d = 0; d < dimension; d++) norm += (out[d] as number) ** 2;
    const inv = 1 / Math.sqrt(norm || 1);
    for (let d = 0; d < dimension; d++) out[d] = (out[d] as number) * inv;
    return out;
  };
}
