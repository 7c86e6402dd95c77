import { crc32, deflateRawSync, deflateSync, inflateRawSync, inflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * Small documents made in code for the upload tests (no binary fixtures in the repository): PDFs
 * with and without active content, images with EXIF GPS, ODF/OOXML zips with and without macros.
 */

/** A one-page PDF whose catalog may carry extra entries (`/OpenAction …`), and extra objects after it. */
export function pdf({ catalogExtra = '', objects = [] as string[] } = {}): Buffer {
  const bodies = [`<< /Type /Catalog /Pages 2 0 R ${catalogExtra} >>`, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>', ...objects];
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  bodies.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A PDF whose JavaScript action hides inside a compressed object stream. */
export function pdfWithCompressedScript(): Buffer {
  const hidden = deflateSync(Buffer.from('<< /S /JavaScript /JS (app.alert\\(1\\)) >>', 'latin1'));
  const stream = `<< /Type /ObjStm /N 1 /First 0 /Filter /FlateDecode /Length ${hidden.length} >>\nstream\n`;
  const head = pdf();
  return Buffer.concat([head.subarray(0, head.indexOf('xref')), Buffer.from(`9 0 obj\n${stream}`, 'latin1'), hidden, Buffer.from('\nendstream\nendobj\n', 'latin1'), head.subarray(head.indexOf('xref'))]);
}

/** A zip of the given entries (the first stored, the rest deflated), as office suites write them. */
export function zip(entries: Array<{ name: string; data: string | Buffer; store?: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
    const method = entry.store ? 0 : 8;
    const packed = method === 0 ? data : deflateRawSync(data);
    const name = Buffer.from(entry.name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
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

const docxTypes = (main: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>${extra}<Override PartName="/word/document.xml" ContentType="${main}"/></Types>`;

export const docx = () =>
  zip([
    { name: '[Content_Types].xml', data: docxTypes('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml') },
    { name: 'word/document.xml', data: '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Bonjour</w:t></w:r></w:p></w:body></w:document>' },
  ]);

/** A .docm saved as .docx: the same main part, plus a VBA project. */
export const docxWithMacro = () =>
  zip([
    { name: '[Content_Types].xml', data: docxTypes('application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml') },
    { name: 'word/document.xml', data: '<w:document/>' },
    { name: 'word/vbaProject.bin', data: Buffer.from('ATTRIBUT VB_Name = "ThisDocument"\nSub AutoOpen()\nShell "calc.exe"\nEnd Sub') },
  ]);

export const odt = (extra: Array<{ name: string; data: string }> = []) =>
  zip([
    { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', store: true },
    { name: 'content.xml', data: '<office:document-content/>' },
    { name: 'META-INF/manifest.xml', data: '<manifest:manifest/>' },
    ...extra,
  ]);

/** A small JPEG carrying EXIF with a GPS position (Montréal) and a camera name. */
export async function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TelephoneSecret', Model: 'ModeleSecret' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '45/1 30/1 1234/100', GPSLongitudeRef: 'W', GPSLongitude: '73/1 34/1 5678/100' } })
    .toBuffer();
}

export const png = () => sharp({ create: { width: 4, height: 4, channels: 4, background: { r: 0, g: 120, b: 200, alpha: 1 } } }).png().toBuffer();

/**
 * A PDF saved in several revisions, as editors save in place: the first revision's objects, then
 * incremental updates that replace objects (or free them, `null`) and append their own
 * cross-reference section and trailer. Object numbers start at 1; object 1 is the catalog.
 */
export function pdfWithRevisions(revisions: Array<Record<number, string | null>>, trailerExtra = ''): Buffer {
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  let size = 1;
  let previous: number | null = null;
  for (const objects of revisions) {
    const entries = new Map<number, number | null>();
    for (const [key, body] of Object.entries(objects)) {
      const number = Number(key);
      size = Math.max(size, number + 1);
      if (body === null) {
        entries.set(number, null);
        continue;
      }
      entries.set(number, Buffer.byteLength(out, 'latin1'));
      out += `${number} 0 obj\n${body}\nendobj\n`;
    }
    const xref = Buffer.byteLength(out, 'latin1');
    out += 'xref\n';
    if (previous === null) {
      out += `0 ${size}\n0000000000 65535 f \n`;
      for (let n = 1; n < size; n++) out += entries.get(n) ? `${String(entries.get(n)).padStart(10, '0')} 00000 n \n` : '0000000000 65535 f \n';
    } else {
      for (const [number, offset] of [...entries].sort((a, b) => a[0] - b[0])) out += `${number} 1\n${offset === null ? '0000000000 00001 f ' : `${String(offset).padStart(10, '0')} 00000 n `}\n`;
    }
    out += `trailer\n<< /Size ${size} /Root 1 0 R ${trailerExtra}${previous === null ? '' : ` /Prev ${previous}`} >>\nstartxref\n${xref}\n%%EOF\n`;
    previous = xref;
  }
  return Buffer.from(out, 'latin1');
}

const stream = (dictionary: string, data: string) => `<< ${dictionary} /Length ${Buffer.byteLength(data, 'latin1')} >>\nstream\n${data}\nendstream`;
const xmp = (who: string) => `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${who}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
const page = (contents: string, extra = '') => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents ${contents} /Resources << /Font << /F1 5 0 R >> >> ${extra} >>`;
const text = (words: string) => `BT /F1 14 Tf 20 100 Td (${words}) Tj ET`;

/**
 * A one-page PDF as a word processor and a reviewer leave it: an Info dictionary and XMP on the
 * catalog, the page and an image naming its author, an editor's private data, a sticky-note
 * comment signed by its reviewer, and a first revision whose text was replaced and whose draft
 * notes object was freed by an incremental save. What it says now: "Version finale".
 */
export function pdfWithHistory(): Buffer {
  return pdfWithRevisions(
    [
      {
        1: '<< /Type /Catalog /Pages 2 0 R /Metadata 7 0 R >>',
        2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        3: page('4 0 R'),
        4: stream('', text('Brouillon confidentiel')),
        5: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
        6: '<< /Author (Jeanne Secrete) /Creator (Traitement Secret 9) /Producer (ProducteurSecret) /Title (Titre secret) /Subject (Sujet secret) /Keywords (motcle-secret) /CreationDate (D:20240101090000-05) /ModDate (D:20240102090000-05) >>',
        7: stream('/Type /Metadata /Subtype /XML', xmp('Jeanne Secrete')),
        8: '<< /Notes (Notes de brouillon confidentielles) >>',
      },
      {
        3: page('9 0 R', '/Annots [11 0 R] /Metadata 10 0 R /PieceInfo << /Illustrator << /LastModified (D:20240103) /Private 12 0 R >> >> /LastModified (D:20240103)'),
        8: null,
        9: stream('', text('Version finale')),
        10: stream('/Type /Metadata /Subtype /XML', xmp('Relecteur Secret')),
        11: '<< /Type /Annot /Subtype /Text /Rect [10 10 30 30] /T (Relecteur Secret) /Contents (A revoir) /M (D:20240103120000-05) /CreationDate (D:20240103120000-05) >>',
        12: stream('', 'PrivateIllustratorData'),
      },
    ],
    '/Info 6 0 R',
  );
}

/** The text of a PDF's bytes and of all its Flate streams inflated: where an old revision would hide. */
export function pdfAllText(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  const parts = [text];
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) continue;
    try {
      parts.push(inflateSync(bytes.subarray(start, end)).toString('latin1'));
    } catch {
      // Not compressed, or another filter: its raw bytes are in `text` already.
    }
  }
  return parts.join('\n');
}

/**
 * A zip read as a zip tool does, front to back by its local headers (not through the central
 * directory, as the CMS reads): each entry's name, method and data, its CRC checked.
 */
export function readZip(bytes: Buffer): Array<{ name: string; method: number; extraLength: number; data: Buffer }> {
  const entries: Array<{ name: string; method: number; extraLength: number; data: Buffer }> = [];
  let at = 0;
  while (bytes.readUInt32LE(at) === 0x04034b50) {
    const method = bytes.readUInt16LE(at + 8);
    const crc = bytes.readUInt32LE(at + 14);
    const packedSize = bytes.readUInt32LE(at + 18);
    const nameLength = bytes.readUInt16LE(at + 26);
    const extraLength = bytes.readUInt16LE(at + 28);
    const name = bytes.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const start = at + 30 + nameLength + extraLength;
    const packed = bytes.subarray(start, start + packedSize);
    const data = method === 0 ? packed : inflateRawSync(packed);
    if (crc32(data) !== crc) throw new Error(`zip: bad CRC for ${name}`);
    entries.push({ name, method, extraLength, data });
    at = start + packedSize;
  }
  if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error('zip: no central directory after the entries');
  return entries;
}

const ooxmlTypes = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="${main.split(' ')[0]}" ContentType="${main.split(' ')[1]}"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>`;
const coreXml =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Titre secret</dc:title><dc:creator>Jeanne Secrete</dc:creator><cp:lastModifiedBy>Relecteur Secret</cp:lastModifiedBy><cp:revision>7</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T09:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-02T09:00:00Z</dcterms:modified></cp:coreProperties>';
const appXml =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Traitement Secret 9</Application><Company>Organisme Secret</Company><Manager>Gestionnaire Secret</Manager><TotalTime>42</TotalTime></Properties>';
const customXml =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Dossier"><vt:lpwstr>Dossier secret</vt:lpwstr></property></Properties>';
const rootRels =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="MAIN"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>';
const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A .docx reviewed in Word: properties, a comment, tracked insertions and deletions, the people list, an image. */
export const docxWithMetadata = async () =>
  zip([
    { name: '[Content_Types].xml', data: ooxmlTypes('/word/document.xml application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml') },
    { name: '_rels/.rels', data: rootRels.replace('MAIN', 'word/document.xml') },
    {
      name: 'word/document.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${w}><w:body><w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Ordre du jour</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r><w:ins w:id="1" w:author="Relecteur Secret" w:date="2024-01-03T12:00:00Z"><w:r><w:t xml:space="preserve"> ajouté</w:t></w:r></w:ins><w:del w:id="2" w:author='Jeanne Secrete' w:date='2024-01-03T12:05:00Z'><w:r><w:delText>retiré</w:delText></w:r></w:del></w:p></w:body></w:document>`,
    },
    { name: 'word/comments.xml', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments ${w}><w:comment w:id="0" w:author="Relecteur Secret" w:date="2024-01-03T12:00:00Z" w:initials="RS"><w:p><w:r><w:t>À revoir</w:t></w:r></w:p></w:comment></w:comments>` },
    {
      name: 'word/people.xml',
      data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="Relecteur Secret"><w15:presenceInfo w15:providerId="AD" w15:userId="S::relecteur.secret@exemple.org::1234"/></w15:person></w15:people>',
    },
    { name: 'word/media/image1.png', data: await png() },
    { name: 'docProps/core.xml', data: coreXml },
    { name: 'docProps/app.xml', data: appXml },
    { name: 'docProps/custom.xml', data: customXml },
  ]);

/** An .xlsx with properties, a legacy comment, a threaded comment and its person, and the folder it was saved in. */
export const xlsxWithMetadata = () =>
  zip([
    { name: '[Content_Types].xml', data: ooxmlTypes('/xl/workbook.xml application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml') },
    { name: '_rels/.rels', data: rootRels.replace('MAIN', 'xl/workbook.xml') },
    {
      name: 'xl/workbook.xml',
      data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"><fileSharing userName="Jeanne Secrete"/><mc:AlternateContent><mc:Choice Requires="x15"><x15ac:absPath url="C:\\Users\\jeanne.secrete\\Documents\\" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/></mc:Choice></mc:AlternateContent><sheets><sheet name="Budget" sheetId="1"/></sheets></workbook>',
    },
    { name: 'xl/worksheets/sheet1.xml', data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Loyer</t></is></c></row></sheetData></worksheet>' },
    { name: 'xl/comments1.xml', data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>Relecteur Secret</author></authors><commentList><comment ref="A1" authorId="0"><text><t>Vérifier</t></text></comment></commentList></comments>' },
    { name: 'xl/threadedComments/threadedComment1.xml', data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><threadedComment ref="A1" dT="2024-01-03T12:00:00.00" personId="{00000000-0000-0000-0000-000000000001}" id="{00000000-0000-0000-0000-000000000002}"><text>Vérifier</text></threadedComment></ThreadedComments>' },
    { name: 'xl/persons/person.xml', data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName="Relecteur Secret" id="{00000000-0000-0000-0000-000000000001}" userId="relecteur.secret@exemple.org" providerId="AD"/></personList>' },
    { name: 'docProps/core.xml', data: coreXml },
    { name: 'docProps/app.xml', data: appXml },
    { name: 'docProps/custom.xml', data: customXml },
  ]);

const odfNs = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"';

/** An .odt from LibreOffice: meta.xml filled in, a comment and a tracked change signed by their authors. */
export const odtWithMetadata = () =>
  zip([
    { name: 'mimetype', data: 'application/vnd.oasis.opendocument.text', store: true },
    {
      name: 'meta.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><office:document-meta ${odfNs} office:version="1.3"><office:meta><meta:initial-creator>Jeanne Secrete</meta:initial-creator><dc:creator>Relecteur Secret</dc:creator><meta:creation-date>2024-01-01T09:00:00</meta:creation-date><dc:date>2024-01-02T09:00:00</dc:date><meta:generator>Traitement Secret 9</meta:generator><dc:title>Titre secret</dc:title><meta:user-defined meta:name="Dossier">Dossier secret</meta:user-defined><meta:editing-duration>PT42M</meta:editing-duration></office:meta></office:document-meta>`,
    },
    {
      name: 'content.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${odfNs} office:version="1.3"><office:body><office:text><text:tracked-changes><text:changed-region text:id="ct1"><text:insertion><office:change-info><dc:creator>Relecteur Secret</dc:creator><dc:date>2024-01-03T12:00:00</dc:date></office:change-info></text:insertion></text:changed-region></text:tracked-changes><text:p>Ordre du jour<office:annotation><dc:creator>Relecteur Secret</dc:creator><dc:date>2024-01-03T12:00:00</dc:date><meta:creator-initials>RS</meta:creator-initials><text:p>À revoir</text:p></office:annotation></text:p></office:text></office:body></office:document-content>`,
    },
    { name: 'styles.xml', data: `<?xml version="1.0" encoding="UTF-8"?><office:document-styles ${odfNs} office:version="1.3"/>` },
    { name: 'META-INF/manifest.xml', data: '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/></manifest:manifest>' },
  ]);
