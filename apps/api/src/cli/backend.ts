/**
 * What the CLI does, whichever way it reaches the data: over HTTP to a running server (the
 * default), or by opening the data folder itself when no server holds it (issue #17).
 */
export interface CliCollection {
  id: string;
  name: string;
}

export interface CliJob {
  id: string;
  status: string;
  error: string | null;
  progress: Record<string, unknown>;
}

export interface CliUpload {
  documentId: string;
  duplicate: boolean;
  job: CliJob | null;
}

export interface CliCitation {
  number: number;
  documentId: string;
  documentTitle: string | null;
  page: number | null;
  start: number;
  end: number;
  quote: string;
}

export interface CliAnswer {
  answer: string;
  citations: CliCitation[];
}

export interface Backend {
  /** Where the data is, in words, for messages: "the server at …" or "the data folder …". */
  readonly where: string;
  /** By id first, then by name; null when neither names a collection. Never creates one. */
  findCollection(ref: string): Promise<CliCollection | null>;
  createCollection(name: string): Promise<CliCollection>;
  upload(
    collectionId: string,
    file: { bytes: Uint8Array; filename: string; password?: string | undefined },
  ): Promise<CliUpload>;
  job(id: string): Promise<CliJob | null>;
  ask(collectionId: string, question: string): Promise<CliAnswer>;
  close(): Promise<void>;
}

/** A failure to show as one line (no stack): bad input, a refused request, a missing collection. */
export class CliError extends Error {
  override name = 'CliError';
}
