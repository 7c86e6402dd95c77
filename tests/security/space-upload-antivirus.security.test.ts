import { mkdtempSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaceResourcePaths } from '@passerelle/shared/participation';
import { parseClamdReply, scanWithClamd } from '../../cms/src/participation/space/antivirus.ts';
import { clamdStreamMaxBytes, eicar, eicarSignature, freePort, markerSignature, startClamd, startSilentServer, testMarker, type Clamd } from '../support/clamd.ts';
import { pdf, png, zip } from '../support/documents.ts';
import { useTestOutbox } from '../support/participation.ts';
import { createReachableMember, hiddenFields, signInByCode, type MultipartPart, type SpaceBrowser } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * The antivirus pass on shared resources' documents, attacked with a real clamd (Debian's
 * clamav-daemon on a database of test signatures, tests/support/clamd.ts): a known test virus
 * hidden in files that pass the type check (a PDF, across the client's chunk boundary, and inside
 * a DOCX's compressed entry), a clean file, a stopped daemon, a daemon refusing a stream longer
 * than its limit, and one that never answers. Every refusal is French, keeps the form's values,
 * never shows the scanner's words, and leaves nothing on disk or in the database.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let clamd: Clamd;
let browser: SpaceBrowser;
const resourceUid = 'api::practitioners.resource';
const filesDir = mkdtempSync(path.join(tmpdir(), 'passerelle-space-antivirus-'));
const logs: string[] = [];
/** Short, so the silent server's case ends quickly; real scans of these small files take milliseconds. */
const timeoutMs = 3_000;
const infectedRefusal = 'Notre antivirus a trouvé un virus dans ce fichier';
const unscannedRefusal = 'Nous ne pouvons pas vérifier ce fichier contre les virus pour le moment';

const storedFiles = () => readdirSync(filesDir).filter((name) => name !== 'incoming');
const incomingFiles = () => readdirSync(path.join(filesDir, 'incoming'));
const rowsTitled = async (title: string) => (await strapi.db.query(resourceUid).findMany({ where: { title }, select: ['id'] })).length;

/** A valid one-page PDF carrying `payload` in a stream object, starting exactly at byte `at` (or as early as it can). */
function pdfCarrying(payload: Buffer, at = 0): Buffer {
  const build = (padding: number) => pdf({ objects: [`<< /Length ${String(padding + payload.length).padStart(9, '0')} >>\nstream\n${'x'.repeat(padding)}${payload.toString('latin1')}\nendstream`] });
  const earliest = build(0).indexOf(payload);
  return build(Math.max(0, at - earliest));
}

/** A DOCX whose text is the marker: in the file's bytes only deflated, so clamd must unzip to see it. */
const docxCarryingMarker = () => {
  const types = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
  const infected = zip([
    { name: '[Content_Types].xml', data: types },
    { name: 'word/document.xml', data: `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${testMarker().toString('latin1')}</w:t></w:r></w:p></w:body></w:document>` },
  ]);
  expect(infected.includes(testMarker())).toBe(false);
  return infected;
};

async function upload(title: string, data: Buffer, filename: string, type: string) {
  const csrf = hiddenFields((await browser.get(spaceResourcePaths.create)).text, spaceResourcePaths.create).csrf!;
  const fields: Record<string, string> = { csrf, locale: 'fr', title, url: '', description: 'Gardé tel quel', 'theme-guides': '1', table: '' };
  const parts: MultipartPart[] = Object.entries(fields).map(([name, value]) => ({ name, value }));
  return browser.postMultipart(spaceResourcePaths.create, [...parts, { name: 'file', filename, type, data }]);
}

/** A refusal as the member sees it, and what it left behind: nothing. */
async function expectRefused(answer: { status: number; text: string }, status: number, message: string, title: string, filesBefore: string[]) {
  expect(answer.status).toBe(status);
  expect(answer.text).toContain(message);
  expect(answer.text).toContain(`value="${title}"`);
  expect(answer.text).toContain('Gardé tel quel');
  // The scanner's own words never reach the page.
  for (const raw of ['Passerelle.Test', 'FOUND', 'INSTREAM', 'ERROR', 'clamd', 'stream:']) expect(answer.text).not.toContain(raw);
  expect(storedFiles().sort()).toEqual(filesBefore.sort());
  expect(incomingFiles()).toEqual([]);
  expect(await rowsTitled(title)).toBe(0);
}

beforeAll(async () => {
  clamd = await startClamd();
  app = await startStrapi({ env: { SPACE_FILES_DIR: filesDir, CLAMD_SOCKET: clamd.socket, CLAMD_TIMEOUT_MS: String(timeoutMs) } });
  strapi = app.strapi;
  strapi.log.on('data', (info: Record<string | symbol, unknown>) => logs.push(String(info[Symbol.for('message')] ?? info.message)));
  const person = await createReachableMember(strapi, 'Aline Antivirus');
  browser = await signInByCode(app.baseUrl, outbox, person.phone);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await clamd?.destroy();
});

describe('documents scanned by a real clamd', () => {
  it('the test clamd runs on our signatures alone and finds EICAR over its socket and over TCP', async () => {
    expect(await scanWithClamd({ kind: 'socket', path: clamd.socket }, eicar(), timeoutMs)).toEqual({ verdict: 'infected', signature: `${eicarSignature}.UNOFFICIAL` });
    expect(await scanWithClamd({ kind: 'tcp', host: '127.0.0.1', port: clamd.port }, eicar(), timeoutMs)).toEqual({ verdict: 'infected', signature: `${eicarSignature}.UNOFFICIAL` });
    expect(await scanWithClamd({ kind: 'tcp', host: '127.0.0.1', port: clamd.port }, Buffer.from('Procès-verbal du 3 mars'), timeoutMs)).toEqual({ verdict: 'clean' });
  });

  it('a clean PDF and a clean image pass and are kept', async () => {
    expect((await upload('Guide propre', pdf(), 'guide.pdf', 'application/pdf')).status).toBe(303);
    expect((await upload('Photo propre', await png(), 'photo.png', 'image/png')).status).toBe(303);
    expect(await rowsTitled('Guide propre')).toBe(1);
    expect(await rowsTitled('Photo propre')).toBe(1);
    expect(storedFiles()).toHaveLength(2);
  });

  it('EICAR inside a valid PDF passes the type check but not the scanner: French refusal, values kept, nothing stored, one audit line', async () => {
    const before = storedFiles();
    const logsBefore = logs.length;
    await expectRefused(await upload('Compte rendu piégé', pdfCarrying(eicar()), 'compte-rendu.pdf', 'application/pdf'), 422, infectedRefusal, 'Compte rendu piégé', before);
    const audit = logs.slice(logsBefore).filter((line) => line.includes('[space] antivirus'));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toContain(`clamd found ${eicarSignature}`);
    // No personal data: not the member, not the title, not the file's name.
    for (const personal of ['Aline', 'Antivirus', 'piégé', 'compte-rendu']) expect(audit[0]).not.toContain(personal);
  });

  it('EICAR split across two of the client\'s 64 KB chunks is still found (clamd scans the whole stream)', async () => {
    const data = pdfCarrying(eicar(), 64 * 1024 - 30);
    const at = data.indexOf(eicar());
    expect(at).toBe(64 * 1024 - 30);
    expect(Math.floor(at / (64 * 1024))).not.toBe(Math.floor((at + eicar().length - 1) / (64 * 1024)));
    await expectRefused(await upload('Long document', data, 'long.pdf', 'application/pdf'), 422, infectedRefusal, 'Long document', storedFiles());
  });

  it('the marker deflated inside a DOCX is found once clamd unzips it', async () => {
    const logsBefore = logs.length;
    await expectRefused(await upload('Lettre piégée', docxCarryingMarker(), 'lettre.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'), 422, infectedRefusal, 'Lettre piégée', storedFiles());
    expect(logs.slice(logsBefore).some((line) => line.includes(`clamd found ${markerSignature}`))).toBe(true);
  });

  it('a stream longer than clamd accepts: refused unscanned (fail closed), its words not shown', async () => {
    const data = pdfCarrying(Buffer.from('propre '.repeat(10)), clamdStreamMaxBytes + 200_000);
    expect(data.length).toBeGreaterThan(clamdStreamMaxBytes);
    const logsBefore = logs.length;
    await expectRefused(await upload('Gros document', data, 'gros.pdf', 'application/pdf'), 503, unscannedRefusal, 'Gros document', storedFiles());
    // clamd answers "INSTREAM size limit exceeded. ERROR" and closes while bytes are still
    // arriving: the kernel may then reset the connection before its reply is read, so the
    // log names either the reply or the reset. Both are refusals; neither is ever "clean".
    const refusal = logs.slice(logsBefore).find((line) => line.includes('[space] antivirus: a document was refused unscanned ('));
    expect(refusal).toMatch(/refused unscanned \((clamd answered: .*ERROR|clamd unreachable: (EPIPE|ECONNRESET))/);
  });

  it('clamd stopped: every document is refused unscanned, nothing stored; back up, the same document passes', async () => {
    await clamd.stop();
    try {
      await expectRefused(await upload('Pendant la panne', pdf(), 'panne.pdf', 'application/pdf'), 503, unscannedRefusal, 'Pendant la panne', storedFiles());
      // A link needs no scan.
      const csrf = hiddenFields((await browser.get(spaceResourcePaths.create)).text, spaceResourcePaths.create).csrf!;
      expect((await browser.post(spaceResourcePaths.create, { csrf, locale: 'fr', title: 'Un lien pendant la panne', url: 'https://exemple.org/guide', description: '', 'theme-guides': '1', table: '' })).status).toBe(303);
    } finally {
      await clamd.start();
    }
    expect((await upload('Après la panne', pdf(), 'panne.pdf', 'application/pdf')).status).toBe(303);
    expect(await rowsTitled('Après la panne')).toBe(1);
  });

  it('a clamd that takes the stream and never answers: refused unscanned after the timeout, nothing stored', async () => {
    await clamd.stop();
    const silent = await startSilentServer({ path: clamd.socket });
    try {
      const started = Date.now();
      await expectRefused(await upload('Scanner muet', pdf(), 'muet.pdf', 'application/pdf'), 503, unscannedRefusal, 'Scanner muet', storedFiles());
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(timeoutMs - 100);
      expect(waited).toBeLessThan(timeoutMs + 10_000);
      expect(silent.received()).toBeGreaterThan(0);
      expect(logs.some((line) => line.includes(`refused unscanned (no answer within ${timeoutMs} ms)`))).toBe(true);
    } finally {
      await silent.close();
      await clamd.start();
    }
  }, 30_000);

  it('the client on its own: a refused TCP port, a silent TCP server and an OK before the end give no verdict, never "clean"', async () => {
    expect(await scanWithClamd({ kind: 'tcp', host: '127.0.0.1', port: await freePort() }, pdf(), timeoutMs)).toMatchObject({ verdict: 'unavailable', reason: 'clamd unreachable: ECONNREFUSED' });
    const silent = await startSilentServer({ port: 0 });
    try {
      expect(await scanWithClamd({ kind: 'tcp', host: '127.0.0.1', port: silent.port }, pdf(), 300)).toEqual({ verdict: 'unavailable', reason: 'no answer within 300 ms' });
    } finally {
      await silent.close();
    }
    // A server that says OK at once, before it read the file, is not believed.
    const hasty = createServer((connection) => {
      connection.pause();
      connection.on('error', () => undefined);
      connection.write('stream: OK\0');
    });
    await new Promise<void>((resolve) => hasty.listen(0, '127.0.0.1', resolve));
    try {
      const port = (hasty.address() as { port: number }).port;
      expect(await scanWithClamd({ kind: 'tcp', host: '127.0.0.1', port }, Buffer.alloc(8 * 1024 * 1024, 0x41), timeoutMs)).toEqual({ verdict: 'unavailable', reason: 'clamd answered OK before the end of the stream' });
    } finally {
      hasty.close();
    }
    expect(parseClamdReply('stream: OK\0')).toEqual({ verdict: 'clean' });
    expect(parseClamdReply('')).toMatchObject({ verdict: 'unavailable' });
    // Only clamd's exact forms are verdicts: an error naming "OK" or "FOUND" is still no verdict.
    expect(parseClamdReply('stream: OK FOUND ERROR\0')).toMatchObject({ verdict: 'unavailable' });
    expect(parseClamdReply('OK\0')).toMatchObject({ verdict: 'unavailable' });
    expect(parseClamdReply('stream: OKAY\0')).toMatchObject({ verdict: 'unavailable' });
  });
});
