import { inflateRawSync } from 'node:zlib';
import { AppError } from '@grounded/core';
import { documentTooLarge } from './document-limits';

/** One entry of a zip archive's central directory, as DECLARED by the archive. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const ZIP64_MARKER = 0xffffffff;

export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  );
}

/**
 * Reads the central directory without inflating anything, so limits can be checked before any
 * decompression. Returns null when the bytes are not a readable zip.
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 bytes plus an optional 64 KiB comment.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= lowest; i--) {
    if (view.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL_SIGNATURE) return null;
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    const nameBytes = bytes.subarray(offset + 46, offset + 46 + nameLength);
    entries.push({
      name: new TextDecoder().decode(nameBytes),
      method: view.getUint16(offset + 10, true),
      compressedSize: view.getUint32(offset + 20, true),
      uncompressedSize: view.getUint32(offset + 24, true),
      localHeaderOffset: view.getUint32(offset + 42, true),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export interface ZipLimits {
  maxUnpackedBytes: number;
  /** The most bytes the XML parts may unpack to, together (see `isXmlPart`). */
  maxXmlBytes: number;
  /** The most tags (counted as '<') in the XML parts, together. */
  maxXmlTags: number;
  /** Highest uncompressed/compressed ratio accepted for an entry larger than 1 MiB. */
  maxCompressionRatio: number;
  maxEntries: number;
}

/**
 * The parts a converter parses into memory, as opposed to media, which it can leave packed. An
 * attacker could split a huge body over footnotes, comments and headers, so all of them count.
 */
function isXmlPart(name: string): boolean {
  return /\.(xml|rels)$/i.test(name);
}

const LESS_THAN = 0x3c;

function countTags(xml: Uint8Array): number {
  let tags = 0;
  for (let at = xml.indexOf(LESS_THAN); at >= 0; at = xml.indexOf(LESS_THAN, at + 1)) tags++;
  return tags;
}

function bomb(message: string, details: Record<string, unknown>): AppError {
  return new AppError('docx_zip_bomb', `The DOCX archive was refused as a possible zip bomb: ${message}`, {
    details,
  });
}

/**
 * Guards against zip bombs in two steps. First the declared sizes and ratios are checked without
 * inflating anything; then every entry is inflated with a hard output cap, because a crafted
 * archive can declare small sizes and still expand without bound. The XML parts' bytes and tags
 * are limited too: they, not the archive's size, decide what converting costs (issue #12).
 */
export function assertZipWithinLimits(bytes: Uint8Array, entries: ZipEntry[], limits: ZipLimits): void {
  if (entries.length > limits.maxEntries) {
    throw bomb(`it holds ${entries.length} entries (limit ${limits.maxEntries})`, {
      entries: entries.length,
    });
  }
  let declared = 0;
  let declaredXml = 0;
  for (const entry of entries) {
    if (entry.uncompressedSize === ZIP64_MARKER || entry.compressedSize === ZIP64_MARKER) {
      throw bomb(`entry "${entry.name}" declares Zip64 sizes, which a Word document never needs`, {
        entry: entry.name,
      });
    }
    declared += entry.uncompressedSize;
    if (isXmlPart(entry.name)) declaredXml += entry.uncompressedSize;
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > 1 << 20 && ratio > limits.maxCompressionRatio) {
      throw bomb(
        `entry "${entry.name}" expands ${Math.round(ratio)}x (limit ${limits.maxCompressionRatio}x)`,
        {
          entry: entry.name,
          ratio: Math.round(ratio),
        },
      );
    }
  }
  if (declared > limits.maxUnpackedBytes) {
    throw bomb(`it declares ${declared} unpacked bytes (limit ${limits.maxUnpackedBytes})`, {
      declaredBytes: declared,
      maxUnpackedBytes: limits.maxUnpackedBytes,
    });
  }

  if (declaredXml > limits.maxXmlBytes)
    throw documentTooLarge('docxXmlBytes', declaredXml, limits.maxXmlBytes);

  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let remaining = limits.maxUnpackedBytes;
  let xmlTags = 0;
  for (const entry of entries) {
    // Other methods are left to the converter, which cannot read them and fails the document.
    if (entry.method !== 0 && entry.method !== 8) continue;
    const local = entry.localHeaderOffset;
    if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL_SIGNATURE) {
      throw new AppError(
        'malformed_document',
        `The DOCX archive is corrupt (bad local header for "${entry.name}").`,
      );
    }
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(dataStart, dataStart + entry.compressedSize);
    const content = entry.method === 8 ? inflateWithin(entry, data, remaining, limits) : data;
    if (content.length !== entry.uncompressedSize) {
      if (entry.method === 0) {
        throw new AppError(
          'malformed_document',
          `The DOCX archive is corrupt (bad size for "${entry.name}").`,
        );
      }
      throw bomb(
        `entry "${entry.name}" declares ${entry.uncompressedSize} bytes but expands to ${content.length}`,
        { entry: entry.name },
      );
    }
    remaining -= content.length;
    if (isXmlPart(entry.name)) {
      xmlTags += countTags(content);
      if (xmlTags > limits.maxXmlTags) {
        throw documentTooLarge('docxXmlTags', xmlTags, limits.maxXmlTags, { atLeast: true });
      }
    }
  }
}

/** Inflates one entry with a hard output cap: the archive's declared sizes are not trusted. */
function inflateWithin(entry: ZipEntry, data: Uint8Array, remaining: number, limits: ZipLimits): Buffer {
  try {
    return inflateRawSync(data, { maxOutputLength: Math.max(1, remaining) });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw bomb(`entry "${entry.name}" expands beyond the ${limits.maxUnpackedBytes}-byte limit`, {
        entry: entry.name,
      });
    }
    throw new AppError(
      'malformed_document',
      `The DOCX archive is corrupt (cannot inflate "${entry.name}").`,
      {
        details: { reason: error instanceof Error ? error.message : String(error) },
        cause: error,
      },
    );
  }
}
