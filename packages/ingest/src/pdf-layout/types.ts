/**
 * Geometry of one PDF page as the layout code sees it: text pieces and ruling lines in page
 * points, y growing downwards, rotated so that the page's dominant text direction runs along +x.
 */
export interface TextPiece {
  text: string;
  x0: number;
  x1: number;
  /** Baseline y. */
  y: number;
  /** Font size (em height) in points. */
  size: number;
}

/** An axis-aligned ruling line (a stroked line, a rectangle's edge, or a thin filled bar). */
export interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** An edge of a wide filled shape (shading), not a drawn line: a border only where no line is near. */
  soft?: boolean;
}

export interface PageContent {
  width: number;
  height: number;
  pieces: TextPiece[];
  segments: Segment[];
  /**
   * Text running in another direction than the page's dominant one (rotated table headers, margin
   * labels, stamps), each piece placed as a short horizontal piece at the centre of its glyphs.
   */
  offAxis: TextPiece[];
}

/** A run of pieces on one line with no wide gap inside. */
export interface Fragment {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  pieces: TextPiece[];
}

export interface Line {
  fragments: Fragment[];
  /** Baseline of the line (its first fragment's). */
  y: number;
  top: number;
  bottom: number;
  x0: number;
  x1: number;
  size: number;
}

export interface LayoutTable {
  title: string | null;
  header: string[];
  rows: string[][];
  kind: 'ruled' | 'aligned';
  top: number;
  bottom: number;
}

/** A page in reading order: text lines and tables. */
export type PageBlock =
  | {
      kind: 'line';
      text: string;
      top: number;
      bottom: number;
      x0: number;
      x1: number;
      /**
       * A row of separate items (a form's label and value, a title with a tag set far to its
       * right) next to another such row: a line of its own, never joined to the next as wrapped
       * prose.
       */
      row?: boolean;
      /** Font size of the line's body text, in points (absent for OCR lines and off-axis text). */
      size?: number;
    }
  | { kind: 'table'; table: LayoutTable };

export interface PageLayout {
  /** Page size in points, after turning the page so its text runs left to right. */
  width: number;
  height: number;
  blocks: PageBlock[];
}
