import { crc32, deflateRawSync } from 'node:zlib';
import { zipEntries, zipEntryBytes, zipEntryRawData } from './file-sniff';

/**
 * An office file (DOCX, XLSX, ODT, ODS) written again without who made it and when: the document
 * properties (OOXML core, extended and custom properties; ODF meta.xml) emptied, every comment's
 * and tracked change's author replaced by « Auteur » and its date by a fixed one, Excel's people
 * list and the saving folder's path gone. The zip itself is written anew: entries in their order
 * (ODF's `mimetype` first and stored), a fixed date on every entry, no extra fields or comments
 * (they can carry the Unix owner and exact times). Entries left unchanged are copied compressed as
 * they came, never inflated: a zip bomb costs nothing here. See
 * docs/decisions/0057-shared-documents-lose-their-metadata.md.
 */

/** One XML part inflated at most, and all the parts together: past them, the file is refused. */
const maxPartBytes = 64 * 1024 * 1024;
const maxTotalBytes = 128 * 1024 * 1024;

const neutralName = 'Auteur';
const neutralInitials = 'A';
/** A neutral date where the format needs one (ODF change-info requires dc:date). */
const neutralDate = '2000-01-01T00:00:00Z';
const neutralOdfDate = '2000-01-01T00:00:00';

const coreType = 'application/vnd.openxmlformats-package.core-properties+xml';
const extendedType = 'application/vnd.openxmlformats-officedocument.extended-properties+xml';
const customType = 'application/vnd.openxmlformats-officedocument.custom-properties+xml';

/** The property parts of an OOXML package, emptied: their root elements with no child. */
const emptyParts: Record<string, string> = {
  [coreType]:
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>',
  [extendedType]:
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>',
  [customType]:
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>',
};
/** Where Word, Excel and LibreOffice put them, when `[Content_Types].xml` does not say otherwise. */
const defaultPartNames: Record<string, string> = { 'docProps/core.xml': coreType, 'docProps/app.xml': extendedType, 'docProps/custom.xml': customType };

const attribute = (localName: string) => new RegExp(`(\\s(?:[\\w.-]+:)?${localName})\\s*=\\s*(?:"[^"]*"|'[^']*')`, 'g');
const element = (qualifiedName: string) => new RegExp(`(<${qualifiedName}(?:\\s[^>]*)?>)[^<]*(</${qualifiedName}>)`, 'g');

/**
 * Names and dates in any part: OOXML comments and tracked changes (`w:author`, `w:initials`,
 * `w:date`), Word's people list (`w15:userId`, `w15:providerId`), Excel's legacy comment authors,
 * threaded comments (`dT`), shared-workbook revisions (`userName`, `dateTime`) and the folder it
 * was saved in (`x15ac:absPath`); ODF annotations and tracked changes (`dc:creator`, `dc:date`,
 * initials).
 */
const everyPart: Array<[RegExp, string]> = [
  [attribute('author'), `$1="${neutralName}"`],
  [attribute('initials'), `$1="${neutralInitials}"`],
  [attribute('userName'), `$1="${neutralName}"`],
  [attribute('userId'), '$1=""'],
  [attribute('providerId'), '$1="None"'],
  [/(\s[\w.-]+:date)\s*=\s*(?:"[^"]*"|'[^']*')/g, `$1="${neutralDate}"`],
  [attribute('dateTime'), `$1="${neutralDate}"`],
  [attribute('dT'), `$1="${neutralDate}"`],
  [/<x15ac:absPath\b[^>]*\/>/g, ''],
  [/<x15ac:absPath\b[^>]*>[^<]*<\/x15ac:absPath>/g, ''],
  [element('author'), `$1${neutralName}$2`],
  [element('dc:creator'), `$1${neutralName}$2`],
  [element('dc:date'), `$1${neutralOdfDate}$2`],
  [element('meta:creator-initials'), `$1${neutralInitials}$2`],
  [element('loext:sender-initials'), `$1${neutralInitials}$2`],
];
/** Excel's people list (threaded comments): the name shown is the person's. */
const personParts: Array<[RegExp, string]> = [[attribute('displayName'), `$1="${neutralName}"`]];

/** ODF meta.xml: the whole `office:meta` (creator, initial creator, dates, generator, title, keywords, user-defined, statistics) emptied. */
const emptyOdfMeta = (xml: string) => xml.replace(/<office:meta\b[^>]*\/>|<office:meta\b[^>]*>[\s\S]*<\/office:meta>/, '<office:meta/>');

function rewritten(name: string, xml: string, kind: OfficeKind, propertyParts: Map<string, string>): string {
  const property = propertyParts.get(name);
  if (property) return emptyParts[property]!;
  let out = (kind === 'odt' || kind === 'ods') && name === 'meta.xml' ? emptyOdfMeta(xml) : xml;
  for (const [pattern, replacement] of everyPart) out = out.replace(pattern, replacement);
  if (/^xl\/persons\//i.test(name)) for (const [pattern, replacement] of personParts) out = out.replace(pattern, replacement);
  return out;
}

/** A part name as the zip spells it (`%20` → space); a malformed escape is left as written. */
function decodedPartName(name: string): string {
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/** The OOXML property parts by name, from `[Content_Types].xml`'s overrides and the usual names. */
function ooxmlPropertyParts(types: string): Map<string, string> {
  const parts = new Map(Object.entries(defaultPartNames));
  for (const match of types.matchAll(/<Override\b[^>]*>/g)) {
    const partName = /PartName\s*=\s*"\/?([^"]+)"/.exec(match[0])?.[1];
    const contentType = /ContentType\s*=\s*"([^"]+)"/.exec(match[0])?.[1];
    if (partName && contentType && Object.hasOwn(emptyParts, contentType)) parts.set(decodedPartName(partName), contentType);
  }
  return parts;
}

interface OutEntry {
  name: Buffer;
  method: number;
  crc: number;
  size: number;
  data: Buffer;
}

/** 1980-01-01 00:00, the earliest date a zip entry can hold: no entry tells when it was saved. */
const dosTime = 0;
const dosDate = (0 << 9) | (1 << 5) | 1;
/** Bit 11: the name is UTF-8. No data descriptor: sizes and CRC are in the local header. */
const utf8Flag = 0x0800;

/** The fields a local header and its central-directory record share, in the same order: flags to name length. */
function writeSharedFields(header: Buffer, at: number, entry: OutEntry): void {
  header.writeUInt16LE(utf8Flag, at);
  header.writeUInt16LE(entry.method, at + 2);
  header.writeUInt16LE(dosTime, at + 4);
  header.writeUInt16LE(dosDate, at + 6);
  header.writeUInt32LE(entry.crc, at + 8);
  header.writeUInt32LE(entry.data.length, at + 12);
  header.writeUInt32LE(entry.size, at + 16);
  header.writeUInt16LE(entry.name.length, at + 20);
}

function writeZip(entries: OutEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    writeSharedFields(local, 6, entry);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    writeSharedFields(central, 8, entry);
    central.writeUInt32LE(offset, 42);
    locals.push(local, entry.name, entry.data);
    centrals.push(central, entry.name);
    offset += local.length + entry.name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export type OfficeKind = 'odt' | 'ods' | 'docx' | 'xlsx';

/**
 * The office file without its metadata, or null when it cannot be rewritten safely: a zip our
 * reader does not take whole, two entries of one name (two readers could pick different ones), a
 * compression other than stored or deflate, a part larger than the limits, a part that does not
 * inflate to its declared size and CRC, an XML part in UTF-16.
 */
export function stripOffice(bytes: Buffer, kind: OfficeKind): Buffer | null {
  const entries = zipEntries(bytes);
  if (!entries) return null;
  const names = new Set(entries.map((e) => e.name));
  if (names.size !== entries.length) return null;
  const inPlace = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  let propertyParts = new Map<string, string>();
  if (kind === 'docx' || kind === 'xlsx') {
    const types = entries.find((e) => e.name === '[Content_Types].xml');
    const xml = types ? zipEntryBytes(bytes, types, maxPartBytes) : null;
    if (!xml) return null;
    propertyParts = ooxmlPropertyParts(xml.toString('utf8'));
  }
  let budget = maxTotalBytes;
  const out: OutEntry[] = [];
  for (const entry of inPlace) {
    if (entry.method !== 0 && entry.method !== 8) return null;
    const name = Buffer.from(entry.name, 'utf8');
    const raw = zipEntryRawData(bytes, entry);
    if (!raw) return null;
    if (!/\.xml$/i.test(entry.name) && !propertyParts.has(entry.name)) {
      out.push({ name, method: entry.method, crc: entry.crc, size: entry.size, data: raw });
      continue;
    }
    if (entry.size > budget) return null;
    const inflated = zipEntryBytes(bytes, entry, Math.min(maxPartBytes, budget));
    if (!inflated || inflated.length !== entry.size || crc32(inflated) !== entry.crc) return null;
    // UTF-16 parts (allowed by XML, rare) would not match the patterns above: refused rather than kept as they are.
    if (inflated.length >= 2 && ((inflated[0] === 0xff && inflated[1] === 0xfe) || (inflated[0] === 0xfe && inflated[1] === 0xff))) return null;
    budget -= inflated.length;
    const xml = inflated.toString('utf8');
    const next = rewritten(entry.name, xml, kind, propertyParts);
    if (next === xml) {
      out.push({ name, method: entry.method, crc: entry.crc, size: entry.size, data: raw });
      continue;
    }
    const data = Buffer.from(next, 'utf8');
    out.push({ name, method: 8, crc: crc32(data), size: data.length, data: deflateRawSync(data) });
  }
  return writeZip(out);
}
