/**
 * Contract of the ingest package: bytes in, text with structure out, then chunks with stable ids.
 * Every character span (`start`/`end`, end exclusive) indexes into `ExtractedDocument.text`, so a
 * citation can be checked with `text.slice(start, end)`.
 */
import type { OcrEngineKind } from './ocr/create-ocr-engine';
import type { OcrEngine, OcrLanguage } from './ocr/ocr-engine';

/** 'image': PNG, JPEG or TIFF uploads, read by OCR. */
export type SourceFormat = 'pdf' | 'docx' | 'html' | 'markdown' | 'text' | 'csv' | 'eml' | 'image';

/** Reported while a long parse runs (today: OCR, once per page read). */
export interface ParseProgress {
  stage: 'ocr';
  /** 1-based count of pages read so far. */
  page: number;
  /** Pages to read by OCR in all. */
  pages: number;
}

export interface ParseOptions {
  /** Hint only; the format is detected from the bytes where the bytes can tell. */
  filename?: string;
  /** Hint only, e.g. the multipart part's content type. */
  mimeType?: string;
  /** Password for encrypted PDFs. */
  password?: string;
  maxBytes?: number;
  maxPages?: number;
  /** Zip-bomb guard for DOCX: the most bytes the archive may unpack to. */
  maxUnpackedBytes?: number;
  /** DOCX: the most bytes its XML parts (what the converter parses into memory) may unpack to. */
  maxDocxXmlBytes?: number;
  /** DOCX: the most XML tags across those parts; the converter's memory grows with this count. */
  maxDocxXmlTags?: number;
  /** The most characters of extracted text; a longer document fails with `document_too_large`. */
  maxChars?: number;
  maxCsvRows?: number;
  timeoutMs?: number;
  /** DOCX: highest accepted uncompressed/compressed ratio for an entry over 1 MiB. */
  maxCompressionRatio?: number;
  /** PDF: below this many non-space characters per page on average, the PDF counts as image-only. */
  minPdfCharsPerPage?: number;
  /** CSV: rows per section (a chunk never spans two sections). */
  csvRowsPerSection?: number;
  /** OCR for scanned PDF pages and image uploads; on by default. Off: scans fail with pdf_no_text_layer. */
  ocr?: boolean;
  /**
   * Languages OCR reads, or 'auto' (the default): the first page is read with English and
   * Simplified Chinese together and, when it holds one script only, again with that language
   * alone; the reading with the higher confidence wins and its languages read the other pages.
   */
  ocrLanguages?: OcrLanguage[] | 'auto';
  /** The most pages one document may need OCR for (each takes seconds of CPU). */
  ocrMaxPages?: number;
  /** Pages OCR read with less confidence (0 to 1) are listed in `metadata.lowConfidencePages`. */
  ocrMinConfidence?: number;
  /** Resolution scanned PDF pages are rendered at for OCR. */
  ocrDpi?: number;
  /** The engine a parse without a shared `ocrEngine` starts: 'tesseract' (the default) or 'paddle'. */
  ocrEngineKind?: OcrEngineKind;
  /** A shared engine, kept open; without one each parse that needs OCR starts and closes its own. */
  ocrEngine?: OcrEngine;
  onProgress?: (progress: ParseProgress) => void;
}

export interface PageSpan {
  /** 1-based page number. */
  number: number;
  start: number;
  end: number;
}

export interface SectionSpan {
  /** Headings from the top level down to this section, e.g. ['Install', 'On Linux']. */
  headingPath: string[];
  start: number;
  end: number;
  /** A table's section: chunks split it between rows, never inside one. */
  table?: true;
}

/**
 * A table as rows and cells. In the text, each data row reads `header: value; header: value`
 * (plain `a | b` when the table has no header row), so a row found alone — in a chunk, in a
 * citation — still says what each value means; `start`/`end` are that line's span.
 */
export interface TableBlock {
  /** Its caption, when the source gives one. */
  title: string | null;
  /** Column names; empty when the table has no header row. */
  header: string[];
  rows: { cells: string[]; start: number; end: number }[];
  start: number;
  end: number;
  /** Page of the table's first row (paged formats), else null. */
  page: number | null;
}

export interface ExtractedDocument {
  format: SourceFormat;
  text: string;
  title: string | null;
  /** One entry per page for paged formats; a single page spanning the text otherwise. */
  pages: PageSpan[];
  /** Structural sections in document order; they tile the text (gaps allowed for dropped boilerplate). */
  sections: SectionSpan[];
  /** Tables in document order; each also has a section of its own (`table: true`). */
  tables: TableBlock[];
  /** BCP-47-ish primary language guess: 'en', 'zh', … or 'und'. */
  language: string;
  metadata: Record<string, unknown>;
}

export interface ChunkOptions {
  /** Target size of a matching (child) chunk, in approximate tokens. */
  maxTokens?: number;
  /** Overlap between consecutive child chunks of one section, in approximate tokens. */
  overlapTokens?: number;
  /** Target size of a parent (context) chunk, in approximate tokens. */
  parentMaxTokens?: number;
}

export interface Chunk {
  /** Stable: derived from the document key, the chunk's content hash and its occurrence index. */
  id: string;
  /** Position among the document's chunks, 0-based. */
  ordinal: number;
  text: string;
  start: number;
  end: number;
  /** Page of `start` (1-based), or null for formats without pages. */
  page: number | null;
  headingPath: string[];
  /** The parent (context) chunk this child belongs to. */
  parentId: string;
  tokenCount: number;
  /** sha256 of the text: lets storage reuse embeddings for unchanged content. */
  contentHash: string;
}

export interface ParentChunk {
  id: string;
  text: string;
  start: number;
  end: number;
  page: number | null;
  headingPath: string[];
}

export interface ChunkedDocument {
  chunks: Chunk[];
  parents: ParentChunk[];
}

// Sentence splitting moved to @grounded/text; the type stays part of this contract.
export type { SentenceSpan } from '@grounded/text';
