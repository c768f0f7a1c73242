import JSZip from 'jszip';

/** Test helper: a real, minimal .docx (Word 2007+ zip) with heading styles mammoth recognises. */
export interface DocxParagraph {
  text: string;
  /** 1–6 for "heading N" styles; absent for body text. */
  heading?: number;
  /** A paragraph style id defined in styles.xml other than the headings, e.g. 'Caption'. */
  style?: string;
}

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;

const DOCUMENT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>`;

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

function styles(): string {
  const headings = [1, 2, 3, 4, 5, 6]
    .map(
      (n) => `<w:style w:type="paragraph" w:styleId="Heading${n}"><w:name w:val="heading ${n}"/></w:style>`,
    )
    .join('')
    .concat('<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/></w:style>')
    .concat('<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>')
    .concat('<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>')
    .concat(
      '<w:style w:type="table" w:styleId="GridTable4-Accent1"><w:name w:val="Grid Table 4 Accent 1"/></w:style>',
    );
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${W}>${headings}</w:styles>`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A merged cell: `span` columns wide (w:gridSpan), or opening / continuing a vertical merge (w:vMerge). */
export interface DocxCell {
  text: string;
  span?: number;
  vMerge?: 'restart' | 'continue';
}

/** A table; its first `headerRows` rows (1 by default) are marked as repeating header rows (w:tblHeader). */
export interface DocxTable {
  table: (string | DocxCell)[][];
  headerRows?: number;
  /** A table style id defined in styles.xml: 'TableGrid' or 'GridTable4-Accent1'. */
  style?: string;
}

function tableXml(rows: (string | DocxCell)[][], headerRows = 1, style?: string): string {
  const cell = (input: string | DocxCell) => {
    const { text, span, vMerge } = typeof input === 'string' ? { text: input } : input;
    const props =
      (span ? `<w:gridSpan w:val="${span}"/>` : '') +
      (vMerge ? `<w:vMerge${vMerge === 'restart' ? ' w:val="restart"' : ''}/>` : '');
    return `<w:tc>${props ? `<w:tcPr>${props}</w:tcPr>` : ''}<w:p><w:r><w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p></w:tc>`;
  };
  const row = (cells: (string | DocxCell)[], i: number) =>
    `<w:tr>${i < headerRows ? '<w:trPr><w:tblHeader/></w:trPr>' : ''}${cells.map(cell).join('')}</w:tr>`;
  const props = style ? `<w:tblPr><w:tblStyle w:val="${style}"/><w:tblLook w:val="04A0"/></w:tblPr>` : '';
  return `<w:tbl>${props}${rows.map(row).join('')}</w:tbl>`;
}

function documentXml(paragraphs: (DocxParagraph | DocxTable)[]): string {
  const body = paragraphs
    .map((p) => {
      if ('table' in p) return tableXml(p.table, p.headerRows, p.style);
      const styleId = p.heading ? `Heading${p.heading}` : p.style;
      const style = styleId ? `<w:pPr><w:pStyle w:val="${styleId}"/></w:pPr>` : '';
      return `<w:p>${style}<w:r><w:t xml:space="preserve">${escapeXml(p.text)}</w:t></w:r></w:p>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}</w:body></w:document>`;
}

export async function buildDocx(
  paragraphs: (DocxParagraph | DocxTable)[],
  extraFiles: Record<string, Uint8Array | string> = {},
): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', CONTENT_TYPES);
  zip.file('_rels/.rels', ROOT_RELS);
  zip.file('word/_rels/document.xml.rels', DOCUMENT_RELS);
  zip.file('word/styles.xml', styles());
  zip.file('word/document.xml', documentXml(paragraphs));
  for (const [name, content] of Object.entries(extraFiles)) zip.file(name, content);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

/** Rewrites the central directory's declared uncompressed size of one entry (a lying archive). */
export function patchDeclaredSize(zip: Uint8Array, entryName: string, declared: number): Uint8Array {
  const bytes = new Uint8Array(zip);
  const view = new DataView(bytes.buffer);
  const name = new TextEncoder().encode(entryName);
  for (let i = 0; i + 46 < bytes.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(i + 28, true);
    const candidate = bytes.subarray(i + 46, i + 46 + nameLength);
    if (nameLength === name.length && candidate.every((b, k) => b === name[k])) {
      view.setUint32(i + 24, declared, true);
      return bytes;
    }
  }
  throw new Error(`no central directory entry named ${entryName}`);
}
