import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participationPaths } from '@passerelle/shared/participation/paths';
import { lastMessageTo, postForm, publishedPetition, signPath, tokenFrom, useTestOutbox, validSignature } from '../support/participation.ts';
import { applyEnv, cmsRequire, startStrapi, type StartedStrapi } from '../support/strapi.ts';

/**
 * `pnpm backup` while residents sign and confirm, then `pnpm restore` into a fresh database and
 * uploads folder, and a CMS booted on what was restored: every signature confirmed before the
 * backup began is there, confirmed, and so is the uploaded image; so are the practitioners'
 * space's documents the database names (private modes kept), while a file the database does not
 * name stays behind and a document whose file was lost is reported. Runs on SQLite and, in the
 * PostgreSQL pass of `npm test`, on PostgreSQL (restored into a second database of the same server).
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const onPostgres = process.env.DATABASE_CLIENT === 'postgres';
const outbox = useTestOutbox();
const work = mkdtempSync(path.join(tmpdir(), 'passerelle-backup-'));
const backupsDir = path.join(work, 'backups');
const restoredPublicDir = path.join(work, 'public-restored');
const restoredSqlite = path.join(work, 'restored.db');
const liveSpaceFiles = path.join(work, 'space-live');
const restoredSpaceFiles = path.join(work, 'space-restored');
const resourceUid = 'api::practitioners.resource';
const livePgDatabase = process.env.DATABASE_NAME ?? 'passerelle_test';
const restoredPgDatabase = `${livePgDatabase}_restored`;
/** Booting on the restored copy points these at it: put back for the next suites of the run. */
const envBefore = { DATABASE_NAME: process.env.DATABASE_NAME, DATABASE_FILENAME: process.env.DATABASE_FILENAME };

/** The variables that point the CMS (and the scripts) at the restored copy. */
const restoredTarget = (): Record<string, string> =>
  onPostgres
    ? { DATABASE_NAME: restoredPgDatabase, PUBLIC_DIR: restoredPublicDir, SPACE_FILES_DIR: restoredSpaceFiles }
    : { DATABASE_FILENAME: restoredSqlite, PUBLIC_DIR: restoredPublicDir, SPACE_FILES_DIR: restoredSpaceFiles };

interface Run {
  code: number | null;
  output: string;
}

/** Runs `node scripts/<script> …` as `pnpm backup`/`pnpm restore` would, in the test's environment. */
function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'backup', script), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function withPostgres(database: string, sql: string[]): Promise<void> {
  const { Client } = cmsRequire('pg');
  const client = new Client({
    host: process.env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(process.env.DATABASE_PORT ?? 5432),
    database,
    user: process.env.DATABASE_USERNAME ?? 'passerelle',
    password: process.env.DATABASE_PASSWORD ?? '',
  });
  await client.connect();
  try {
    for (const statement of sql) await client.query(statement);
  } finally {
    await client.end();
  }
}

let live: StartedStrapi | undefined;
let restored: StartedStrapi | undefined;
let petition: { documentId: string; slug: string };
let image: { id: number; url: string; bytes: Buffer };
/** A document kept in the space's folder, one whose file was lost, and a stray file named by nothing. */
let documentFile: { key: string; bytes: Buffer };
const lostKey = randomBytes(16).toString('hex');
const strayKey = randomBytes(16).toString('hex');
/** Email → when its confirmation was answered 303 (ms since the epoch). */
const confirmedAt = new Map<string, number>();
let backupStartedAt = 0;
let backupEndedAt = 0;
let archiveDir = '';

beforeAll(async () => {
  // Strapi's upload provider wants its folder to exist.
  mkdirSync(path.join(work, 'public-live', 'uploads'), { recursive: true });
  mkdirSync(liveSpaceFiles, { mode: 0o700 });
  live = await startStrapi({ env: { PUBLIC_DIR: path.join(work, 'public-live'), SPACE_FILES_DIR: liveSpaceFiles } });
  petition = await publishedPetition(live.strapi, 'open');
  const bytes = await sharp({ create: { width: 48, height: 32, channels: 3, background: '#1d6b4f' } }).png().toBuffer();
  const upload = path.join(work, 'affiche.png');
  writeFileSync(upload, bytes);
  const [file] = await live.strapi.plugin('upload').service('upload').upload({
    data: { fileInfo: { name: 'affiche.png', alternativeText: 'Affiche' } },
    files: { filepath: upload, originalFilename: 'affiche.png', mimetype: 'image/png', size: bytes.length },
  });
  image = { id: file.id, url: file.url, bytes: readFileSync(path.join(live.strapi.dirs.static.public, file.url)) };
  // The space's documents as resource-files.ts keeps them: a random key, mode 0600, named by a row.
  documentFile = { key: randomBytes(16).toString('hex'), bytes: Buffer.from('%PDF-1.7\n% procès-verbal de la table\n%%EOF\n', 'latin1') };
  writeFileSync(path.join(liveSpaceFiles, documentFile.key), documentFile.bytes, { mode: 0o600 });
  writeFileSync(path.join(liveSpaceFiles, strayKey), 'named by no resource', { mode: 0o600 });
  const document = (key: string, title: string) =>
    live!.strapi.db.query(resourceUid).create({ data: { title, themes: ['guides'], fileKey: key, fileName: `${title}.pdf`, fileType: 'pdf', fileSize: documentFile.bytes.length, createdAtMs: Date.now() } });
  await document(documentFile.key, 'Procès-verbal');
  await document(lostKey, 'Document perdu');  if (onPostgres) {
    await withPostgres(livePgDatabase, [`DROP DATABASE IF EXISTS ${restoredPgDatabase}`, `CREATE DATABASE ${restoredPgDatabase}`]);
  }
});

afterAll(async () => {
  await live?.stop();
  await restored?.stop();
  applyEnv({ ...envBefore, PUBLIC_DIR: undefined });
  if (onPostgres) await withPostgres(livePgDatabase, [`DROP DATABASE IF EXISTS ${restoredPgDatabase}`]);
  rmSync(work, { recursive: true, force: true });
});

/** One resident after another: sign, follow the emailed link, confirm; until `done()`. */
async function resident(baseUrl: string, done: () => boolean): Promise<void> {
  while (!done()) {
    const signature = validSignature();
    const email = signature.email!;
    const sent = await postForm(baseUrl, signPath(petition.slug), signature);
    expect(sent.status).toBe(303);
    const confirmed = await postForm(baseUrl, participationPaths.confirm, { jeton: tokenFrom(lastMessageTo(outbox, email)), locale: 'fr' });
    expect(confirmed.status).toBe(303);
    confirmedAt.set(email, Date.now());
  }
}

describe(`backup and restore (${onPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  it('backs up while residents sign and confirm', async () => {
    const app = live!;
    let backupDone = false;
    const residents = Array.from({ length: 4 }, () => resident(app.baseUrl, () => backupDone));
    // Some signatures confirmed before the backup starts, and more while it runs.
    await expect.poll(() => confirmedAt.size, { timeout: 20_000, interval: 50 }).toBeGreaterThanOrEqual(12);
    // A backup past its retention and an interrupted one: `--keep-days` deletes both.
    const expired = path.join(backupsDir, 'passerelle-20260101T040000Z-0000');
    mkdirSync(expired, { recursive: true });
    const old = { format: 'passerelle-backup/1', createdAt: new Date(Date.now() - 31 * 86_400_000).toISOString(), database: 'sqlite' };
    writeFileSync(path.join(expired, 'manifest.json'), JSON.stringify({ ...old, strapiVersion: '5.54.0', schemaHash: null, lastMigration: null, uploads: 0, files: {} }));
    mkdirSync(path.join(backupsDir, '.passerelle-20260101T050000Z-0001.partial'));
    backupStartedAt = Date.now();
    const backup = await runScript('backup.mjs', ['--dir', backupsDir, '--keep-days', '30']);
    backupEndedAt = Date.now();
    backupDone = true;
    await Promise.all(residents);

    expect(backup.output).toMatch(/^Backup of (SQLite|PostgreSQL) .*, 1 uploaded file\(s\) and 1 space document\(s\) in /m);
    expect(backup.output).toContain(`WARNING: 1 space document(s) named by the database are not in ${liveSpaceFiles} (their downloads answer 404): ${lostKey}`);
    expect(backup.output).toContain(`1 file(s) in ${liveSpaceFiles} named by no resource were left out.`);
    expect(backup.code, backup.output).toBe(0);
    archiveDir = /in (\S+) \(/.exec(backup.output)![1]!;
    expect(backup.output).toContain('Deleted 2 backup(s) older than 30 days or left by an interrupted run: ');
    expect(readdirSync(backupsDir)).toEqual([path.basename(archiveDir)]);
    const manifest = JSON.parse(readFileSync(path.join(archiveDir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ database: onPostgres ? 'postgres' : 'sqlite', strapiVersion: '5.54.0', uploads: 1, spaceFiles: 1, spaceFilesMissing: [lostKey] });
    expect(Object.keys(manifest.files).sort()).toEqual([onPostgres ? 'database.pgdump' : 'database.sqlite', 'space-files.tar', 'uploads.tar']);
    // The backup holds private documents: owner only.
    expect(statSync(path.join(archiveDir, 'space-files.tar')).mode & 0o777).toBe(0o600);
    expect(manifest.schemaHash).toMatch(/\S/);
    // The burst really overlapped the backup (otherwise this proves nothing about consistency).
    expect([...confirmedAt.values()].filter((t) => t > backupStartedAt && t < backupEndedAt).length).toBeGreaterThan(0);
    await live!.stop();
    live = undefined;
  });

  it('refuses an archive that was changed after the backup', async () => {
    const tampered = path.join(work, 'tampered');
    cpSync(archiveDir, tampered, { recursive: true });
    const dump = path.join(tampered, onPostgres ? 'database.pgdump' : 'database.sqlite');
    const bytes = readFileSync(dump);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    writeFileSync(dump, bytes);
    const run = await runScript('restore.mjs', [tampered, '--skip-retention'], restoredTarget());
    expect(run.output).toContain('Restore refused: the backup is damaged or was changed: database.');
    expect(run.code).toBe(2);
  });

  it('restores into a fresh database, then applies the retention periods', async () => {
    const run = await runScript('restore.mjs', [archiveDir], restoredTarget());
    expect(run.output).toContain('checksums verified');
    expect(run.output).toMatch(/Database restored into (SQLite|PostgreSQL) /);
    expect(run.output).toContain(`Uploads restored into ${path.join(restoredPublicDir, 'uploads')}.`);
    expect(run.output).toContain(`Space documents restored into ${restoredSpaceFiles}: 1 file(s).`);
    expect(run.output).toContain(`WARNING: 1 space document(s) named by the restored database are not in the backup (their downloads will answer 404): ${lostKey}`);
    expect(run.output).toContain('Retention applied. The CMS can be started.');
    expect(run.code, run.output).toBe(0);
    // The retention step compiles and boots the CMS in a child process: ~7 s on an idle machine.
  }, 120_000);

  it('refuses to overwrite the restored (non-empty) target without --force', async () => {
    const run = await runScript('restore.mjs', [archiveDir, '--skip-retention'], restoredTarget());
    expect(run.output).toMatch(/Restore refused: the database \(.*\) has tables and .* has files and .* has files: nothing was changed\. Stop the CMS and add --force/);
    expect(run.output).toContain(`${restoredSpaceFiles} has files`);
    expect(run.code).toBe(2);
  });

  it('replaces the target with --force (the CMS stopped)', async () => {
    const run = await runScript('restore.mjs', [archiveDir, '--force', '--skip-retention'], restoredTarget());
    expect(run.output).toContain('(its previous content was replaced)');
    expect(run.output).toContain('(its previous files were removed)');
    expect(run.output).toContain('Retention NOT applied (--skip-retention). Before the CMS goes live on this data, run: pnpm --filter @passerelle/cms retention');
    expect(run.code, run.output).toBe(0);
  });

  it('a CMS booted on the restored copy has every signature confirmed before the backup began, and the upload', async () => {
    restored = await startStrapi({ existingDatabase: true, env: restoredTarget() });
    const rows: Array<{ email: string; signatureStatus: string }> = await restored.strapi.db
      .query('api::participation.signature')
      .findMany({ where: { petitionDocumentId: petition.documentId }, select: ['email', 'signatureStatus'] });
    const status = new Map(rows.map((row) => [row.email, row.signatureStatus]));
    const before = [...confirmedAt].filter(([, at]) => at < backupStartedAt).map(([email]) => email);
    expect(before.length).toBeGreaterThanOrEqual(12);
    expect(before.filter((email) => status.get(email) !== 'confirmed')).toEqual([]);
    // Nothing the live CMS never had: every restored confirmed signature was confirmed there.
    const restoredConfirmed = rows.filter((row) => row.signatureStatus === 'confirmed').map((row) => row.email);
    expect(restoredConfirmed.filter((email) => !confirmedAt.has(email))).toEqual([]);

    const file = await restored.strapi.db.query('plugin::upload.file').findOne({ where: { id: image.id } });
    expect(file?.url).toBe(image.url);
    expect(readFileSync(path.join(restoredPublicDir, image.url)).equals(image.bytes)).toBe(true);

    // The document the database names is back, byte for byte and private; the stray file is not.
    expect(readdirSync(restoredSpaceFiles)).toEqual([documentFile.key]);
    expect(readFileSync(path.join(restoredSpaceFiles, documentFile.key)).equals(documentFile.bytes)).toBe(true);
    expect(statSync(path.join(restoredSpaceFiles, documentFile.key)).mode & 0o777).toBe(0o600);
    expect(statSync(restoredSpaceFiles).mode & 0o777).toBe(0o700);
    const resources = (await restored.strapi.db.query(resourceUid).findMany({ select: ['title', 'fileKey'], orderBy: { title: 'asc' } })) as Array<{ title: string; fileKey: string }>;
    expect(resources.map(({ title, fileKey }) => ({ title, fileKey }))).toEqual([
      { title: 'Document perdu', fileKey: lostKey },
      { title: 'Procès-verbal', fileKey: documentFile.key },
    ]);
  });
});
