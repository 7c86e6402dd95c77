import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaceResourceFile, spaceResourcePaths } from '@passerelle/shared/participation';
import { stripDocument } from '../../cms/src/participation/space/document-strip.ts';
import { stripPdf } from '../../cms/src/participation/space/pdf-strip.ts';
import { useTestOutbox } from '../support/participation.ts';
import { createReachableMember, hiddenFields, signInByCode, type MultipartPart, type SpaceBrowser } from '../support/space.ts';
import { docxWithMetadata, odtWithMetadata, pdfAllText, pdfWithHistory, pdfWithRevisions, readZip, xlsxWithMetadata, zip } from '../support/documents.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * What a shared document tells about the people who wrote it, attacked: a PDF's Info dictionary,
 * XMP streams, editor's private data, a reviewer's signed comment and the text of an earlier
 * revision kept by an incremental save; an office file's properties (author, last editor, company,
 * manager, dates, custom fields), comment and tracked-change authors, Word's and Excel's people
 * lists and the folder it was saved in. Each is sent through the page's multipart form, downloaded
 * as a member would, and read back: it must still open, with its content, and without those.
 * Files that cannot be rewritten (a PDF locked by a password, a damaged one, a zip with two
 * entries of one name) are refused in French, nothing stored, never kept as sent.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let member: SpaceBrowser;
const resourceUid = 'api::practitioners.resource';
const filesDir = mkdtempSync(path.join(tmpdir(), 'passerelle-space-strip-'));
const workDir = mkdtempSync(path.join(tmpdir(), 'passerelle-space-strip-work-'));

/** Every name, date, company and path the fixtures hide (support/documents.ts). */
const secrets = /Jeanne Secrete|jeanne\.secrete|Relecteur Secret|relecteur\.secret|ProducteurSecret|Traitement Secret|Titre secret|Sujet secret|motcle-secret|Organisme Secret|Gestionnaire Secret|Dossier secret|PrivateIllustratorData|Brouillon confidentiel|Notes de brouillon|C:\\Users|2024-01-0|D:2024/;
const unstrippable = 'Nous n’arrivons pas à nettoyer ce fichier de ses informations cachées';

const storedFiles = () => readdirSync(filesDir).filter((name) => name !== 'incoming');
const rowOf = async (title: string) => (await strapi.db.query(resourceUid).findOne({ where: { title } })) as { documentId: string; fileKey: string; fileSize: number; fileType: string } | null;

async function upload(title: string, filename: string, data: Buffer) {
  const csrf = hiddenFields((await member.get(spaceResourcePaths.create)).text, spaceResourcePaths.create).csrf!;
  const fields = { csrf, locale: 'fr', title, url: '', description: 'Pour la table', 'theme-guides': '1', table: '' };
  const parts: MultipartPart[] = Object.entries(fields).map(([name, value]) => ({ name, value }));
  return member.postMultipart(spaceResourcePaths.create, [...parts, { name: 'file', filename, data }]);
}

/** Uploads a document, expects it kept, and returns the bytes a member downloads (the stored ones). */
async function sharedAndDownloaded(title: string, filename: string, data: Buffer): Promise<Buffer> {
  expect((await upload(title, filename, data)).status).toBe(303);
  const row = (await rowOf(title))!;
  const got = await member.download(spaceResourceFile(row.documentId));
  expect(got.status).toBe(200);
  expect(got.bytes.equals(readFileSync(path.join(filesDir, row.fileKey)))).toBe(true);
  expect(row.fileSize).toBe(got.bytes.length);
  return got.bytes;
}

/** Poppler, as a reader opens the file: its info, XMP and text. */
function poppler(bytes: Buffer) {
  const file = path.join(workDir, `read-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return {
    info: execFileSync('pdfinfo', [file], { encoding: 'utf8' }),
    xmp: execFileSync('pdfinfo', ['-meta', file], { encoding: 'utf8' }),
    text: execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }),
  };
}

const zipText = (entries: ReturnType<typeof readZip>) => entries.map((e) => `${e.name}\n${e.data.toString('utf8')}`).join('\n');
const part = (entries: ReturnType<typeof readZip>, name: string) => entries.find((e) => e.name === name)!.data.toString('utf8');

/** Each XML part still parses, names keep their order, other parts are byte for byte the same. */
function expectSameDocument(original: Buffer, stripped: Buffer) {
  const before = readZip(original);
  const after = readZip(stripped);
  expect(after.map((e) => e.name)).toEqual(before.map((e) => e.name));
  for (const entry of after) {
    expect(entry.extraLength, entry.name).toBe(0);
    if (entry.name.endsWith('.xml') || entry.name.endsWith('.rels')) expect(XMLValidator.validate(entry.data.toString('utf8')), entry.name).toBe(true);
    else expect(entry.data.equals(before.find((e) => e.name === entry.name)!.data), entry.name).toBe(true);
  }
  return after;
}

beforeAll(async () => {
  app = await startStrapi({ env: { SPACE_FILES_DIR: filesDir } });
  strapi = app.strapi;
  const person = await createReachableMember(strapi, 'Rita Relectrice', { spaceRole: 'intervenant' });
  member = await signInByCode(app.baseUrl, outbox, person.phone);
});

afterAll(async () => {
  await app?.stop();
});

describe('a PDF', () => {
  it('comes back without its Info, XMP, private data, reviewer’s name or earlier revision, and still opens with its page and text', async () => {
    const original = pdfWithHistory();
    expect(pdfAllText(original)).toMatch(/Brouillon confidentiel/);
    expect(poppler(original).info).toContain('Jeanne Secrete');
    const got = await sharedAndDownloaded('Procès-verbal', 'pv.pdf', original);
    const everything = pdfAllText(got);
    expect(everything).not.toMatch(secrets);
    expect(everything).not.toMatch(/\/Metadata|\/Info|\/PieceInfo|\/LastModified|\/Prev\b/);
    // One cross-reference section: no incremental update, so no earlier revision to go back to.
    expect(everything.match(/startxref/g)).toHaveLength(1);
    // The reviewer's comment stays, signed « Auteur ».
    expect(everything).toContain('(A revoir)');
    expect(everything).toContain('/T (Auteur)');
    const read = poppler(got);
    expect(read.info).toMatch(/^Pages:\s+1$/m);
    expect(read.info).not.toMatch(/^(Title|Subject|Keywords|Author|Creator|Producer|CreationDate|ModDate):/m);
    expect(read.xmp.trim()).toBe('');
    expect(read.text).toContain('Version finale');
  });

  it('whose active content sits only in an earlier revision is still refused: the check reads the bytes as sent', async () => {
    const before = storedFiles().length;
    const hidden = pdfWithRevisions([
      { 1: '<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >> >>', 2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', 3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>' },
      { 1: '<< /Type /Catalog /Pages 2 0 R >>' },
    ]);
    const answer = await upload('Ancienne action', 'a.pdf', hidden);
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('Ce fichier contient des macros, des scripts ou des fichiers cachés');
    expect(await rowOf('Ancienne action')).toBeNull();
    expect(storedFiles().length).toBe(before);
  });

  it('locked by a password to open, or damaged beyond repair, is refused in French with the values kept, nothing stored', async () => {
    const plain = path.join(workDir, 'plain.pdf');
    const locked = path.join(workDir, 'locked.pdf');
    writeFileSync(plain, pdfWithHistory());
    execFileSync('qpdf', ['--encrypt', 'motdepasse', 'proprio', '256', '--', plain, locked]);
    const before = storedFiles().length;
    for (const [title, data] of [
      ['Verrouillé', readFileSync(locked)],
      ['Abîmé', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n', 'latin1')],
    ] as const) {
      const answer = await upload(title, 'document.pdf', data);
      expect(answer.status, title).toBe(422);
      expect(answer.text, title).toContain(unstrippable);
      expect(answer.text, title).toContain(`value="${title}"`);
      expect(await rowOf(title)).toBeNull();
    }
    expect(storedFiles().length).toBe(before);
    expect(readdirSync(path.join(filesDir, 'incoming'))).toEqual([]);
  });

  it('whose script encryption hid in an object stream from the first check is refused once decrypted, nothing stored', async () => {
    const plain = path.join(workDir, 'page-action.pdf');
    const hidden = path.join(workDir, 'page-action-encrypted.pdf');
    writeFileSync(plain, pdfWithRevisions([{ 1: '<< /Type /Catalog /Pages 2 0 R >>', 2: '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', 3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /AA << /O << /S /JavaScript /JS (app.alert\\(1\\)) >> >> >>' }]));
    // Opens without a password; the page's dictionary sits encrypted inside a compressed object stream.
    execFileSync('qpdf', ['--object-streams=generate', '--encrypt', '', 'proprio', '256', '--', plain, hidden]);
    expect(readFileSync(hidden).toString('latin1')).not.toMatch(/JavaScript|\/AA/);
    const before = storedFiles().length;
    const answer = await upload('Action cachée', 'cache.pdf', readFileSync(hidden));
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('Ce fichier contient des macros, des scripts ou des fichiers cachés');
    expect(await rowOf('Action cachée')).toBeNull();
    expect(storedFiles().length).toBe(before);
  });

  it('protected only against changes (it opens without a password) is kept, decrypted and stripped like any other', async () => {
    const plain = path.join(workDir, 'plain-owner.pdf');
    const restricted = path.join(workDir, 'restricted.pdf');
    writeFileSync(plain, pdfWithHistory());
    execFileSync('qpdf', ['--encrypt', '', 'proprio', '256', '--modify=none', '--', plain, restricted]);
    const got = await sharedAndDownloaded('Restreint', 'restreint.pdf', readFileSync(restricted));
    expect(pdfAllText(got)).not.toMatch(secrets);
    expect(pdfAllText(got)).not.toContain('/Encrypt');
    expect(poppler(got).text).toContain('Version finale');
  });
});

describe('an office file', () => {
  it('a .docx loses its properties; comment, tracked-change and people-list names become « Auteur »; text and image stay', async () => {
    const original = await docxWithMetadata();
    expect(zipText(readZip(original))).toMatch(secrets);
    const got = await sharedAndDownloaded('Compte rendu révisé', 'compte-rendu.docx', original);
    const entries = expectSameDocument(original, got);
    expect(zipText(entries)).not.toMatch(secrets);
    expect(part(entries, 'docProps/core.xml')).not.toMatch(/creator|lastModifiedBy|created|modified|title|revision/);
    expect(part(entries, 'docProps/app.xml')).not.toMatch(/Company|Manager|Application|TotalTime/);
    expect(part(entries, 'docProps/custom.xml')).not.toContain('property');
    const document = part(entries, 'word/document.xml');
    expect(document).toContain('Ordre du jour');
    expect(document).toContain('<w:delText>retiré</w:delText>');
    expect(document.match(/w:author="Auteur"/g)).toHaveLength(2);
    expect(part(entries, 'word/comments.xml')).toContain('w:author="Auteur" w:date="2000-01-01T00:00:00Z" w:initials="A"');
    expect(part(entries, 'word/people.xml')).toContain('w15:author="Auteur"');
    expect((await rowOf('Compte rendu révisé'))!.fileType).toBe('docx');
  });

  it('an .xlsx loses its properties, comment authors, people list and saving folder; its cells stay', async () => {
    const original = xlsxWithMetadata();
    const got = await sharedAndDownloaded('Budget révisé', 'budget.xlsx', original);
    const entries = expectSameDocument(original, got);
    expect(zipText(entries)).not.toMatch(secrets);
    expect(part(entries, 'xl/comments1.xml')).toContain('<author>Auteur</author>');
    expect(part(entries, 'xl/persons/person.xml')).toContain('displayName="Auteur"');
    expect(part(entries, 'xl/workbook.xml')).not.toContain('absPath');
    expect(part(entries, 'xl/worksheets/sheet1.xml')).toContain('Loyer');
  });

  it('an .odt loses its meta.xml fields; comment and tracked-change authors become « Auteur »; mimetype stays first and stored', async () => {
    const original = odtWithMetadata();
    const got = await sharedAndDownloaded('Texte révisé', 'texte.odt', original);
    const entries = expectSameDocument(original, got);
    expect(entries[0]).toMatchObject({ name: 'mimetype', method: 0, extraLength: 0 });
    expect(zipText(entries)).not.toMatch(secrets);
    expect(part(entries, 'meta.xml')).toMatch(/<office:meta\/>/);
    const content = part(entries, 'content.xml');
    expect(content.match(/<dc:creator>Auteur<\/dc:creator>/g)).toHaveLength(2);
    expect(content).toContain('<meta:creator-initials>A</meta:creator-initials>');
    expect(content).toContain('Ordre du jour');
    // No entry tells when it was saved: every local header carries 1980-01-01 00:00.
    for (let at = got.indexOf('PK\x03\x04'); at >= 0; at = got.indexOf('PK\x03\x04', at + 4)) expect(got.readUInt32LE(at + 10)).toBe(0x00210000);
    expect((await rowOf('Texte révisé'))!.fileType).toBe('odt');
  });

  it('a zip with two entries of one name (one clean, one not), or a part in UTF-16 the rewrite cannot read, is refused, never stored', async () => {
    const clean = '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>';
    const entries = readZip(await docxWithMetadata()).map((e) => ({ name: e.name, data: e.data }));
    const utf16 = Buffer.from('\ufeff<?xml version="1.0" encoding="UTF-16"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="Relecteur Secret"/></w:comments>', 'utf16le');
    const before = storedFiles().length;
    for (const [title, data] of [
      ['Double', zip([...entries, { name: 'docProps/core.xml', data: clean }])],
      ['Seize bits', zip(entries.map((e) => (e.name === 'word/comments.xml' ? { name: e.name, data: utf16 } : e)))],
    ] as const) {
      const answer = await upload(title, 'document.docx', data);
      expect(answer.status, title).toBe(422);
      expect(answer.text, title).toContain(unstrippable);
      expect(await rowOf(title)).toBeNull();
    }
    expect(storedFiles().length).toBe(before);
  });

  it('a malformed part name in [Content_Types].xml does not break the rewrite', async () => {
    const entries = readZip(await docxWithMetadata()).map((e) => ({ name: e.name, data: e.name === '[Content_Types].xml' ? e.data.toString('utf8').replace('</Types>', '<Override PartName="/docProps/%zz.xml" ContentType="application/xml"/></Types>') : e.data }));
    const got = await sharedAndDownloaded('Nom bizarre', 'bizarre.docx', zip(entries));
    expect(zipText(readZip(got))).not.toMatch(secrets);
  });
});

describe('limits', () => {
  it('a result over the size limit, or with qpdf missing, is no result: the caller refuses the file', async () => {
    const bytes = pdfWithHistory();
    const unstrippableResult = { ok: false, reason: 'unstrippable' };
    expect(await stripDocument(bytes, 'pdf', { qpdf: 'qpdf', workDir, maxBytes: 64 })).toEqual(unstrippableResult);
    expect(await stripDocument(bytes, 'pdf', { qpdf: 'qpdf', workDir, maxBytes: 1024 * 1024 })).toMatchObject({ ok: true });
    expect(await stripPdf(bytes, { qpdf: path.join(workDir, 'no-such-qpdf'), workDir })).toBeNull();
    expect(await stripDocument(odtWithMetadata(), 'odt', { qpdf: 'qpdf', workDir, maxBytes: 100 })).toEqual(unstrippableResult);
    // Its working files are removed whatever happens.
    expect(readdirSync(workDir).filter((name) => name.startsWith('strip-'))).toEqual([]);
  });
});
