import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention } from '../../cms/src/participation/retention.ts';
import { pdf } from '../support/documents.ts';
import { useTestOutbox } from '../support/participation.ts';
import { createMember, createResource, createRoundTable, createThreadMessage, newMemberEmail, resourceUid, threadMessageUid } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Law 25 for the space's shared resources: a resource last changed longer ago than
 * RETENTION_SPACE_RESOURCE_MONTHS goes with its thread and its stored document, by the retention
 * run; a recent one stays whole. On the database the run is given (SQLite, or PostgreSQL with
 * DATABASE_CLIENT=postgres).
 */
useTestOutbox();
const months = 6;
let app: StartedStrapi;
let strapi: Strapi;
const filesDir = mkdtempSync(path.join(tmpdir(), 'passerelle-space-files-'));
let author: string;
let tableId: string;

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false', SPACE_FILES_DIR: filesDir, RETENTION_SPACE_RESOURCE_MONTHS: String(months) } });
  strapi = app.strapi;
  author = (await createMember(strapi, { name: 'Inès Verdun', email: newMemberEmail('ines') })).documentId;
  tableId = await createRoundTable(strapi, { name: 'Table de Verdun', members: [author] });
});

afterAll(async () => {
  await app?.stop();
});

/** A resource with a document in the store and a message in its thread, last changed `ageDays` ago. */
async function resourceWithFile(title: string, ageDays: number): Promise<{ documentId: string; file: string }> {
  const documentId = await createResource(strapi, { author, title, table: tableId });
  const key = randomBytes(16).toString('hex');
  const file = path.join(filesDir, key);
  writeFileSync(file, pdf({ objects: [`<< /Title (${title}) >>`] }), { mode: 0o600 });
  const meta = strapi.db.metadata.get(resourceUid);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  // The row as the space's upload leaves it, dated as if last changed `ageDays` ago.
  await strapi.db
    .connection(meta.tableName)
    .where('document_id', documentId)
    .update({ [column('fileKey')]: key, [column('fileName')]: `${title}.pdf`, [column('fileType')]: 'pdf', [column('fileSize')]: 100, [column('url')]: null, updated_at: new Date(Date.now() - ageDays * 86_400_000) });
  await createThreadMessage(strapi, { author, text: `À propos de ${title}`, resource: documentId, ageMinutes: 60 });
  return { documentId, file };
}

describe('shared resources expire with their thread and their file', () => {
  it(`a resource last changed over ${months} months ago goes with its thread and its document; a recent one stays`, async () => {
    const old = await resourceWithFile('Procès-verbal de 2025', 7 * 31);
    const recent = await resourceWithFile('Procès-verbal de décembre', 20);
    expect(existsSync(old.file)).toBe(true);

    const report = await applyRetention(strapi);
    expect(report.spaceResourcesErased).toBe(1);

    expect(await strapi.db.query(resourceUid).count({ where: { documentId: old.documentId } })).toBe(0);
    expect(await strapi.db.query(threadMessageUid).count({ where: { text: 'À propos de Procès-verbal de 2025' } })).toBe(0);
    expect(existsSync(old.file)).toBe(false);

    expect(await strapi.db.query(resourceUid).count({ where: { documentId: recent.documentId } })).toBe(1);
    expect(await strapi.db.query(threadMessageUid).count({ where: { text: 'À propos de Procès-verbal de décembre' } })).toBe(1);
    expect(existsSync(recent.file)).toBe(true);

    // A second run finds nothing more: the period is by date alone.
    expect((await applyRetention(strapi)).spaceResourcesErased).toBe(0);
  });
});
