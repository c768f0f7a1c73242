import type { IndexableChunk } from './repositories/chunks-repo';

/** The text both retrievers see: the title and heading path give short chunks their context. */
export function indexText(chunk: Pick<IndexableChunk, 'title' | 'headingPath' | 'text'>): string {
  return [chunk.title, ...chunk.headingPath, chunk.text].filter(Boolean).join('\n');
}
