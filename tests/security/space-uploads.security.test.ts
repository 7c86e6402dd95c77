import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spacePaths, spaceResourceDelete, spaceResourceFile, spaceResourcePaths } from '@passerelle/shared/participation';
import { exportPersonData, deletePersonData } from '../../cms/src/participation/person-data.ts';
import { useTestOutbox } from '../support/participation.ts';
import { createReachableMember, createRoundTable, hiddenFields, signInByCode, SpaceBrowser, type MultipartPart } from '../support/space.ts';
import { docx, docxWithMacro, jpegWithGps, odt, pdf, pdfWithCompressedScript, png } from '../support/documents.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Documents uploaded to shared resources, attacked: downloads by an ex-member, another table's
 * member or a signed-out stranger; files whose bytes are not what their name and Content-Type say
 * (HTML, SVG, an executable named .pdf); PDFs that run JavaScript; office files with macros; photos
 * with their GPS position; bodies too large; forged or missing CSRF tokens (nothing written to
 * disk); file names that try to leave the folder or break the download's header.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
const resourceUid = 'api::practitioners.resource';
const filesDir = mkdtempSync(path.join(tmpdir(), 'passerelle-space-files-'));
/** Small, so the too-large cases stay fast; the default (10 MB) is the journey's. */
const maxBytes = 64 * 1024;

type Who = 'author' | 'member' | 'oc' | 'other' | 'leaver';
const people = {} as Record<Who, { documentId: string; email: string; browser: SpaceBrowser }>;
let tableA: string;
let secret: string;

const storedFiles = () => readdirSync(filesDir).filter((name) => name !== 'incoming');
const incomingFiles = () => readdirSync(path.join(filesDir, 'incoming'));
const csrfOf = async (browser: SpaceBrowser) => hiddenFields((await browser.get(spaceResourcePaths.create)).text, spaceResourcePaths.create).csrf!;
const idOf = async (title: string) => ((await strapi.db.query(resourceUid).findOne({ where: { title }, select: ['documentId'] })) as { documentId: string } | null)?.documentId;
const rowOf = async (title: string) => (await strapi.db.query(resourceUid).findOne({ where: { title } })) as Record<string, unknown> | null;

/** The page's form as a browser sends it: token and fields first, the file last. */
async function upload(browser: SpaceBrowser, title: string, file: { filename: string; type?: string; data: Buffer }, extra: Record<string, string> = {}, csrf?: string) {
  const fields: Record<string, string> = { csrf: csrf ?? (await csrfOf(browser)), locale: 'fr', title, url: '', description: 'Pour la table', 'theme-guides': '1', table: '', ...extra };
  const parts: MultipartPart[] = Object.entries(fields).map(([name, value]) => ({ name, value }));
  return browser.postMultipart(spaceResourcePaths.create, [...parts, { name: 'file', ...file }]);
}

beforeAll(async () => {
  app = await startStrapi({ env: { SPACE_FILES_DIR: filesDir, SPACE_UPLOAD_MAX_BYTES: String(maxBytes) } });
  strapi = app.strapi;
  const make = (name: string, spaceRole = 'intervenant') => createReachableMember(strapi, name, { spaceRole });
  const author = await make('Aline Autrice');
  const member = await make('Mathis Membre');
  const oc = await make('Odile OC', 'oc');
  const other = await make('Xénia Ailleurs');
  const leaver = await make('Lucien Partant');
  tableA = await createRoundTable(strapi, { name: 'Table Hochelaga', members: [author, member, oc, leaver].map((p) => p.documentId) });
  await createRoundTable(strapi, { name: 'Table Lachine', members: [other.documentId] });
  for (const [key, p] of Object.entries({ author, member, oc, other, leaver })) people[key as Who] = { documentId: p.documentId, email: p.email, browser: await signInByCode(app.baseUrl, outbox, p.phone) };
  expect((await upload(people.author.browser, 'Budget confidentiel', { filename: 'budget.pdf', type: 'application/pdf', data: pdf() }, { table: tableA })).status).toBe(303);
  secret = (await idOf('Budget confidentiel'))!;
  const leaverCsrf = hiddenFields((await people.leaver.browser.get(spacePaths.home)).text, spacePaths.signOut).csrf!;
  expect((await people.leaver.browser.post(`/participer/espace/tables/${tableA}/quitter`, { csrf: leaverCsrf, locale: 'fr' })).status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
});

describe('who may download', () => {
  it('the table’s members get the file as an attachment that no browser renders or caches', async () => {
    for (const who of [people.author, people.member, people.oc]) {
      const answer = await who.browser.download(spaceResourceFile(secret));
      expect(answer.status).toBe(200);
      // Rewritten without its metadata (space-upload-metadata.security.test.ts): the stored bytes, the same for everyone.
      expect(answer.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(answer.bytes.length).toBe((await rowOf('Budget confidentiel'))!.fileSize);
      expect(answer.headers.get('content-type')).toBe('application/pdf');
      expect(answer.headers.get('content-disposition')).toBe(`attachment; filename="budget.pdf"; filename*=UTF-8''budget.pdf`);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('content-security-policy')).toBe('sandbox');
      expect(answer.headers.get('cache-control')).toBe('private, no-store');
    }
    const list = await people.member.browser.get(spaceResourcePaths.list);
    expect(list.text).toContain(`href="${spaceResourceFile(secret)}"`);
    expect(list.text).toContain('budget.pdf · PDF');
  });

  it('an ex-member and another table’s member get the space’s 404, the same as for an unknown id; a signed-out stranger is sent to sign in', async () => {
    const answers = new Set<string>();
    for (const who of [people.leaver, people.other]) {
      const answer = await who.browser.download(spaceResourceFile(secret));
      expect(answer.status).toBe(404);
      expect(answer.bytes.toString('latin1')).not.toContain('%PDF');
      expect(answer.bytes.toString('utf8')).not.toContain('Budget');
      answers.add(answer.bytes.toString('utf8'));
    }
    answers.add((await people.member.browser.download(spaceResourceFile('a'.repeat(24)))).bytes.toString('utf8'));
    answers.add((await people.member.browser.download(spaceResourceFile('..%2F..%2Fpackage.json'))).bytes.toString('utf8'));
    expect(answers.size).toBe(1);
    const stranger = await new SpaceBrowser(app.baseUrl).download(spaceResourceFile(secret));
    expect(stranger.status).toBe(303);
    expect(stranger.location).toBe(spacePaths.signIn);
    expect(stranger.bytes.length).toBe(0);
  });

  it('a link resource has no file to download (404)', async () => {
    const csrf = await csrfOf(people.member.browser);
    expect((await people.member.browser.post(spaceResourcePaths.create, { csrf, locale: 'fr', title: 'Un lien', url: 'https://exemple.org/x', 'theme-guides': '1', table: '' })).status).toBe(303);
    expect((await people.member.browser.download(spaceResourceFile((await idOf('Un lien'))!))).status).toBe(404);
  });
});

describe('what a file may be', () => {
  const refusedType = 'Ce fichier n’est pas accepté.';
  const refusedActive = 'Ce fichier contient des macros, des scripts ou des fichiers cachés';

  it('HTML, SVG and an executable named .pdf and sent as application/pdf are refused in French, values kept, nothing stored', async () => {
    const before = storedFiles().length;
    const disguised = [
      Buffer.from('<!doctype html><html><body><script>fetch("/participer/espace/")</script></body></html>'),
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'),
      Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), Buffer.alloc(200), Buffer.from('This program cannot be run in DOS mode.')]),
      Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'),
      Buffer.from('%PDF', 'latin1'),
    ];
    for (const [i, data] of disguised.entries()) {
      const answer = await upload(people.member.browser, `Déguisé ${i}`, { filename: 'rapport.pdf', type: 'application/pdf', data });
      expect(answer.status, String(i)).toBe(422);
      expect(answer.text).toContain(refusedType);
      expect(answer.text).toContain(`value="Déguisé ${i}"`);
      expect(answer.text).toContain('Pour la table');
      expect(await idOf(`Déguisé ${i}`)).toBeUndefined();
    }
    expect(storedFiles().length).toBe(before);
    expect(incomingFiles()).toEqual([]);
  });

  it('a PDF that runs JavaScript, launches a program or carries a file is refused, even with escaped names or inside a compressed stream', async () => {
    const risky = [
      pdf({ catalogExtra: '/OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>' }),
      pdf({ catalogExtra: '/OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>' }),
      pdf({ catalogExtra: '/OpenAction << /S /Launch /F (cmd.exe) >>' }),
      pdf({ catalogExtra: '/Names << /EmbeddedFiles << /Names [(a.exe) 4 0 R] >> >>', objects: ['<< /Type /Filespec /F (a.exe) /EF << /F 5 0 R >> >>', '<< /Type /EmbeddedFile /Length 0 >>\nstream\n\nendstream'] }),
      pdfWithCompressedScript(),
    ];
    for (const [i, data] of risky.entries()) {
      const answer = await upload(people.member.browser, `PDF actif ${i}`, { filename: 'guide.pdf', data });
      expect(answer.status, String(i)).toBe(422);
      expect(answer.text, String(i)).toContain(refusedActive);
      expect(await idOf(`PDF actif ${i}`)).toBeUndefined();
    }
  });

  it('a .docx with a VBA project, a macro-enabled main part or an ODT with Basic macros is refused; plain ones are kept', async () => {
    const macroTypes = docxWithMacro();
    for (const [i, data] of [macroTypes, odt([{ name: 'Basic/Standard/Module1.xml', data: '<script:module>Shell("calc")</script:module>' }])].entries()) {
      const answer = await upload(people.member.browser, `Macro ${i}`, { filename: 'compte-rendu.docx', data });
      expect(answer.status, String(i)).toBe(422);
      expect(answer.text).toContain(refusedActive);
      expect(await idOf(`Macro ${i}`)).toBeUndefined();
    }
    expect((await upload(people.member.browser, 'Compte rendu', { filename: 'compte-rendu.docx', data: docx() })).status).toBe(303);
    expect((await upload(people.member.browser, 'Texte libre', { filename: 'texte.odt', type: 'text/html', data: odt() })).status).toBe(303);
    const row = await rowOf('Compte rendu');
    expect(row).toMatchObject({ fileName: 'compte-rendu.docx', fileType: 'docx', url: null });
    const got = await people.member.browser.download(spaceResourceFile((await idOf('Texte libre'))!));
    expect(got.headers.get('content-type')).toBe('application/vnd.oasis.opendocument.text');
    expect(got.headers.get('content-disposition')).toContain('filename="texte.odt"');
  });

  it('a JPEG with EXIF GPS comes back without its metadata; a PNG named .exe is kept as a .png', async () => {
    const original = await jpegWithGps();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    expect((await upload(people.member.browser, 'Photo de la fête', { filename: 'IMG_0042.JPG', type: 'image/jpeg', data: original })).status).toBe(303);
    const got = await people.member.browser.download(spaceResourceFile((await idOf('Photo de la fête'))!));
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    const meta = await sharp(got.bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.width).toBe(16);
    expect(got.bytes.toString('latin1')).not.toMatch(/GPS|TelephoneSecret|ModeleSecret/);
    expect((await upload(people.member.browser, 'Logo', { filename: 'logo.exe', type: 'application/x-msdownload', data: await png() })).status).toBe(303);
    expect(await rowOf('Logo')).toMatchObject({ fileName: 'logo.png', fileType: 'png' });
  });

  it('a link and a file together, or neither, are refused with the values kept', async () => {
    const both = await upload(people.member.browser, 'Les deux', { filename: 'a.pdf', data: pdf() }, { url: 'https://exemple.org/a' });
    expect(both.status).toBe(422);
    expect(both.text).toContain('Donnez un lien ou un fichier, pas les deux.');
    expect(both.text).toContain('value="https://exemple.org/a"');
    const neither = await upload(people.member.browser, 'Aucun', { filename: '', data: Buffer.alloc(0) });
    expect(neither.status).toBe(422);
    expect(neither.text).toContain('Donnez un lien, ou choisissez un fichier.');
    expect(await idOf('Les deux')).toBeUndefined();
    expect(await idOf('Aucun')).toBeUndefined();
    expect(incomingFiles()).toEqual([]);
  });
});

describe('bodies, tokens and names', () => {
  it('a file over the limit is refused (413, French, values kept) and its partial copy removed; a declared huge body is refused unread', async () => {
    const before = storedFiles().length;
    const big = Buffer.concat([pdf(), Buffer.alloc(maxBytes + 1, 0x20)]);
    const answer = await upload(people.member.browser, 'Trop gros', { filename: 'gros.pdf', data: big });
    expect(answer.status).toBe(413);
    expect(answer.text).toContain('Ce fichier est trop gros (64 Ko au plus).');
    expect(answer.text).toContain('value="Trop gros"');
    expect(await idOf('Trop gros')).toBeUndefined();
    expect(storedFiles().length).toBe(before);
    expect(incomingFiles()).toEqual([]);
    // Declared larger than the file limit and its overhead: answered at once, the body not parsed.
    const huge = await people.member.browser.postMultipart(spaceResourcePaths.create, [{ name: 'csrf', value: await csrfOf(people.member.browser) }, { name: 'file', filename: 'énorme.pdf', data: Buffer.alloc(3 * maxBytes, 0x41) }]);
    expect(huge.status).toBe(413);
    expect(huge.text).toContain('Envoi trop long');
    expect(huge.text).not.toContain('name="csrf"');
    expect(incomingFiles()).toEqual([]);
  });

  it('too many fields or a field too long is refused, nothing stored', async () => {
    const csrf = await csrfOf(people.member.browser);
    const many: MultipartPart[] = [{ name: 'csrf', value: csrf }, ...Array.from({ length: 40 }, (_, i) => ({ name: `f${i}`, value: 'x' })), { name: 'file', filename: 'a.pdf', data: pdf() }];
    expect((await people.member.browser.postMultipart(spaceResourcePaths.create, many)).status).toBe(413);
    const long = await upload(people.member.browser, 'x'.repeat(5000), { filename: 'a.pdf', data: pdf() });
    expect(long.status).toBe(413);
    expect(incomingFiles()).toEqual([]);
  });

  it('a missing, wrong, another member’s or late (after the file) token stores nothing and writes nothing', async () => {
    const before = storedFiles().length;
    const others = await csrfOf(people.other.browser);
    for (const [label, csrf] of [
      ['wrong', 'f'.repeat(64)],
      ['another member’s', others],
      ['missing', ''],
    ] as const) {
      const answer = await upload(people.member.browser, `Forgé ${label}`, { filename: 'a.pdf', data: pdf() }, {}, csrf);
      expect(answer.status, label).toBe(403);
      expect(await idOf(`Forgé ${label}`)).toBeUndefined();
    }
    const late = await people.member.browser.postMultipart(spaceResourcePaths.create, [
      { name: 'title', value: 'Forgé tard' },
      { name: 'theme-guides', value: '1' },
      { name: 'file', filename: 'a.pdf', data: pdf() },
      { name: 'csrf', value: await csrfOf(people.member.browser) },
    ]);
    expect(late.status).toBe(403);
    expect(await idOf('Forgé tard')).toBeUndefined();
    expect(storedFiles().length).toBe(before);
    expect(incomingFiles()).toEqual([]);
    const stranger = await new SpaceBrowser(app.baseUrl).postMultipart(spaceResourcePaths.create, [{ name: 'csrf', value: 'a'.repeat(64) }, { name: 'title', value: 'Inconnu' }, { name: 'file', filename: 'a.pdf', data: pdf() }]);
    expect(stranger.status).toBe(303);
    expect(storedFiles().length).toBe(before);
  });

  it('path-traversal and header-breaking names are kept as display text only; the file lands under a random name', async () => {
    const names = ['../../../../etc/passwd.pdf', '..\\..\\windows\\system32\\evil.pdf', 'rapport"; filename="x.html.pdf', 'bilan\u202egnp.pdf', '.htaccess'];
    for (const [i, filename] of names.entries()) {
      expect((await upload(people.member.browser, `Nom ${i}`, { filename, data: pdf() })).status, filename).toBe(303);
      const row = (await rowOf(`Nom ${i}`))!;
      expect(row.fileKey).toMatch(/^[0-9a-f]{32}$/);
      expect(String(row.fileName)).not.toMatch(/[/\\"\u202e;]|\.\./);
      expect(String(row.fileName)).toMatch(/\.pdf$/);
      const got = await people.member.browser.download(spaceResourceFile(String(row.documentId)));
      expect(got.status).toBe(200);
      expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"\\]+"; filename\*=UTF-8''[A-Za-z0-9%._~!'()*-]+$/);
    }
    expect((await rowOf('Nom 0'))!.fileName).toBe('passwd.pdf');
    expect((await rowOf('Nom 4'))!.fileName).toBe('htaccess.pdf');
    for (const name of storedFiles()) expect(name).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('deleting, tables and Law 25', () => {
  it('deleting the resource, or its table, deletes its file; the export lists the file; an erasure keeps it as "Ancien membre"', async () => {
    expect((await upload(people.author.browser, 'À effacer', { filename: 'effacer.pdf', data: pdf() })).status).toBe(303);
    const gone = (await rowOf('À effacer'))!;
    expect(storedFiles()).toContain(gone.fileKey);
    const csrf = await csrfOf(people.oc.browser);
    expect((await people.oc.browser.post(spaceResourceDelete(String(gone.documentId)), { csrf, locale: 'fr' })).status).toBe(303);
    expect(storedFiles()).not.toContain(gone.fileKey);

    const tableC = await createRoundTable(strapi, { name: 'Table éphémère', members: [people.author.documentId] });
    expect((await upload(people.author.browser, 'De la table éphémère', { filename: 't.pdf', data: pdf() }, { table: tableC })).status).toBe(303);
    const ofTable = (await rowOf('De la table éphémère'))!;
    expect(storedFiles()).toContain(ofTable.fileKey);
    await strapi.documents('api::practitioners.round-table').delete({ documentId: tableC });
    expect(await rowOf('De la table éphémère')).toBeNull();
    expect(storedFiles()).not.toContain(ofTable.fileKey);

    const { csv } = await exportPersonData(strapi, people.author.email);
    expect(csv).toContain(`Budget confidentiel [budget.pdf, ${String((await rowOf('Budget confidentiel'))!.fileSize)} bytes, pdf]`);
    await deletePersonData(strapi, people.author.email);
    const page = await people.member.browser.get(spaceResourcePaths.list);
    expect(page.text).toContain('Budget confidentiel');
    expect(page.text).toContain('par Ancien membre');
    expect((await people.member.browser.download(spaceResourceFile(secret))).status).toBe(200);
  });

  it('the file attributes are private and the store is outside the public folder', async () => {
    const attributes = strapi.contentType(resourceUid).attributes as Record<string, { private?: boolean }>;
    for (const name of ['fileKey', 'fileName', 'fileType', 'fileSize']) expect({ name, private: attributes[name]?.private }).toEqual({ name, private: true });
    const key = String((await rowOf('Budget confidentiel'))!.fileKey);
    for (const url of [`/uploads/${key}`, `/${key}`, `/uploads/../${key}`]) expect((await fetch(app.baseUrl + url)).status, url).toBe(404);
    expect(path.relative(strapi.dirs.static.public, filesDir).startsWith('..')).toBe(true);
  });
});
