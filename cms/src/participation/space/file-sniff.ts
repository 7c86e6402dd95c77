import { inflateRawSync, inflateSync } from 'node:zlib';

/**
 * What an uploaded document is, read from its bytes only: never from its name or the Content-Type
 * the browser sent, which the uploader chooses. Anything not recognised, or recognised and risky
 * (a PDF that runs JavaScript, an office file with macros), is refused.
 */
export const documentKinds = {
  pdf: { mime: 'application/pdf', extension: 'pdf' },
  png: { mime: 'image/png', extension: 'png' },
  jpeg: { mime: 'image/jpeg', extension: 'jpg' },
  webp: { mime: 'image/webp', extension: 'webp' },
  odt: { mime: 'application/vnd.oasis.opendocument.text', extension: 'odt' },
  ods: { mime: 'application/vnd.oasis.opendocument.spreadsheet', extension: 'ods' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
} as const;
export type DocumentKind = keyof typeof documentKinds;
export const isDocumentKind = (value: unknown): value is DocumentKind => typeof value === 'string' && Object.hasOwn(documentKinds, value);

/** `unknown`: not a type we take; `active`: a type we take, carrying code or embedded files. */
export type SniffResult = { ok: true; kind: DocumentKind } | { ok: false; reason: 'unknown' | 'active' };

const startsWith = (bytes: Buffer, signature: number[], at = 0) => bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

export function sniffDocument(bytes: Buffer): SniffResult {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return pdfIsPassive(bytes) ? { ok: true, kind: 'pdf' } : { ok: false, reason: 'active' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, kind: 'png' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { ok: true, kind: 'jpeg' };
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return { ok: true, kind: 'webp' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return sniffOfficeZip(bytes);
  return { ok: false, reason: 'unknown' };
}

/* ------------------------------------------------------------------------------------------ PDF */

/**
 * PDF names that make a reader act rather than show: scripts, actions run on open or on events,
 * launching programs, files carried inside, forms that post, rich media. A name may be written
 * with `#xx` escapes (`/J#61vaScript`), so names are decoded before they are compared.
 */
const activePdfNames = new Set(['JavaScript', 'JS', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'FileAttachment', 'OpenAction', 'AA', 'RichMedia', 'SubmitForm', 'ImportData', 'XFA', 'GoToE', 'GoToR', 'Sound', 'Movie']);
/** Inflated stream bytes read in all: past it the file is refused rather than half-checked. */
const pdfInflateBudget = 64 * 1024 * 1024;

function namesOf(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(/\/([^\s/<>[\]()%{}]+)/g)) names.push(match[1]!.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))));
  return names;
}

const hasActiveName = (text: string) => namesOf(text).some((name) => activePdfNames.has(name));

/**
 * True when neither the file's own dictionaries nor any Flate-compressed stream (object streams
 * hide dictionaries there) names an active feature. A stream that does not inflate is skipped
 * (images use other filters); inflating more than the budget refuses the file.
 */
function pdfIsPassive(bytes: Buffer): boolean {
  const text = bytes.toString('latin1');
  if (hasActiveName(text)) return false;
  let budget = pdfInflateBudget;
  const streams = /stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = streams.exec(text))) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    streams.lastIndex = end;
    let inflated: Buffer;
    try {
      inflated = inflateSync(bytes.subarray(start, end), { maxOutputLength: budget });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return false;
      continue;
    }
    budget -= inflated.length;
    if (budget <= 0 || hasActiveName(inflated.toString('latin1'))) return false;
  }
  return true;
}

/* -------------------------------------------------------------------------------- ODF and OOXML */

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const maxZipEntries = 5000;

/** The central directory's entries, or null when it is not a well-formed, unencrypted, single-disk zip. */
export function zipEntries(bytes: Buffer): ZipEntry[] | null {
  const searchFrom = Math.max(0, bytes.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= searchFrom; i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = bytes.readUInt16LE(eocd + 10);
  const directoryOffset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff || count > maxZipEntries) return null;
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) return null;
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    entries.push({
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      crc: bytes.readUInt32LE(at + 16),
      compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      localOffset: bytes.readUInt32LE(at + 42),
      name: bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8'),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  // Bit 0: encrypted. An entry we cannot read is an entry we cannot check.
  return entries.some((e) => (e.flags & 1) === 1) ? null : entries;
}

/** The stored (compressed) bytes of an entry, as they sit after its local header, or null. */
export function zipEntryRawData(bytes: Buffer, entry: ZipEntry): Buffer | null {
  const at = entry.localOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== 0x04034b50) return null;
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  return start + entry.compressedSize <= bytes.length ? bytes.subarray(start, start + entry.compressedSize) : null;
}

/** One small entry's bytes (stored or deflated), at most `max` bytes inflated, or null. */
export function zipEntryBytes(bytes: Buffer, entry: ZipEntry, max: number): Buffer | null {
  const data = entry.size > max ? null : zipEntryRawData(bytes, entry);
  if (!data) return null;
  try {
    if (entry.method === 0) return data;
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: max });
  } catch {
    return null;
  }
  return null;
}

/**
 * Macros and other code an office suite may run: VBA projects (`vbaProject.bin`, `vbaData.xml`),
 * ActiveX controls, OLE objects, LibreOffice Basic and scripts. Refused wherever they sit.
 */
const activeZipEntry = /(^|\/)(vbaProject\.bin|vbaData\.xml|vbaProjectSignature\.bin)$|(^|\/)activeX\/|(^|\/)(Basic|Scripts)\/|\.(bin|exe|dll|js|vbs|jar|ps1|bat|cmd|scr|msi)$/i;

const odfTypes: Record<string, DocumentKind> = {
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
};
const ooxmlMain: Array<[RegExp, DocumentKind]> = [
  [/ContentType="application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.document\.main\+xml"/, 'docx'],
  [/ContentType="application\/vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet\.main\+xml"/, 'xlsx'],
];

function sniffOfficeZip(bytes: Buffer): SniffResult {
  const entries = zipEntries(bytes);
  if (!entries) return { ok: false, reason: 'unknown' };
  if (entries.some((e) => activeZipEntry.test(e.name))) return { ok: false, reason: 'active' };
  // ODF: a first entry named `mimetype`, stored, holding the document's type.
  const first = entries.find((e) => e.localOffset === 0);
  if (first?.name === 'mimetype' && first.method === 0) {
    const mime = zipEntryBytes(bytes, first, 200)?.toString('latin1') ?? '';
    const kind = Object.hasOwn(odfTypes, mime) ? odfTypes[mime] : undefined;
    return kind ? { ok: true, kind } : { ok: false, reason: 'unknown' };
  }
  // OOXML: [Content_Types].xml names the main part; a macro-enabled main part is refused.
  const types = entries.find((e) => e.name === '[Content_Types].xml');
  const xml = types ? (zipEntryBytes(bytes, types, 1024 * 1024)?.toString('utf8') ?? '') : '';
  if (/macroEnabled|vbaProject|activeX|oleObject/i.test(xml)) return { ok: false, reason: 'active' };
  for (const [pattern, kind] of ooxmlMain) if (pattern.test(xml)) return { ok: true, kind };
  return { ok: false, reason: 'unknown' };
}
