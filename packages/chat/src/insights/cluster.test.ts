import { describe, expect, it } from 'vitest';
import { clusterByAverageLinkage, medoidOf } from './cluster';

function unit(...values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values.map((v) => v / norm));
}

describe('clusterByAverageLinkage', () => {
  it('groups near directions and keeps far ones apart', () => {
    const vectors = [unit(1, 0.1, 0), unit(0, 1, 0), unit(1, 0, 0.1), unit(0.1, 1, 0), unit(0, 0, 1)];
    expect(clusterByAverageLinkage(vectors, { threshold: 0.9 })).toEqual([[0, 2], [1, 3], [4]]);
  });

  it('does not chain: a bridge between two groups does not join them under average linkage', () => {
    // a—b and b—c are close (cos ≈ 0.92), a—c are not (cos ≈ 0.71): single linkage would chain.
    const a = unit(1, 0);
    const b = unit(Math.cos(Math.PI / 8), Math.sin(Math.PI / 8));
    const c = unit(Math.cos(Math.PI / 4), Math.sin(Math.PI / 4));
    const clusters = clusterByAverageLinkage([a, b, c], { threshold: 0.9 });
    expect(clusters).toHaveLength(2);
  });

  it('puts everything in one cluster at threshold -1 and each alone above 1', () => {
    const vectors = [unit(1, 0), unit(0, 1), unit(-1, 0)];
    expect(clusterByAverageLinkage(vectors, { threshold: -1 })).toEqual([[0, 1, 2]]);
    expect(clusterByAverageLinkage(vectors, { threshold: 1.01 })).toEqual([[0], [1], [2]]);
    expect(clusterByAverageLinkage([], { threshold: 0.5 })).toEqual([]);
  });

  it('picks the member nearest the mean as the medoid', () => {
    const vectors = [unit(1, 0.2), unit(1, 0), unit(1, -0.3), unit(0, 1)];
    expect(medoidOf(vectors, [0, 1, 2])).toBe(1);
  });
});
