import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaceResourceFile, spaceResourcePaths } from '@passerelle/shared/participation';
import { pdf } from '../support/documents.ts';
import { useTestOutbox } from '../support/participation.ts';
import { createMember, createRoundTable, hiddenFields, newMemberEmail, newMemberPhone, signInByCode, type MultipartPart, type SpaceBrowser } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Inès, of a Verdun round table, shares the table's minutes as a PDF: she opens the form from the
 * resources' page, sends it as the page's multipart form (token first, file last) with the default
 * size limit, finds it listed with its name, type and size, and Théo, at her table, downloads the
 * stored bytes (the PDF rewritten without its metadata) as an attachment. Then she deletes it and the file leaves the store. On the database
 * the run is given (SQLite, or PostgreSQL with DATABASE_CLIENT=postgres).
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
const filesDir = mkdtempSync(path.join(tmpdir(), 'passerelle-space-files-'));
let ines: SpaceBrowser;
let theo: SpaceBrowser;
let tableId: string;
const minutes = pdf({ catalogExtra: '/PageLabels << /Nums [0 << /P (PV) >>] >>' });

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false', SPACE_FILES_DIR: filesDir } });
  strapi = app.strapi;
  const inesPhone = newMemberPhone();
  const theoPhone = newMemberPhone();
  const inesId = (await createMember(strapi, { name: 'Inès Verdun', phone: inesPhone, email: newMemberEmail('ines') })).documentId;
  const theoId = (await createMember(strapi, { name: 'Théo Verdun', phone: theoPhone, email: newMemberEmail('theo') })).documentId;
  tableId = await createRoundTable(strapi, { name: 'Table de Verdun', members: [inesId, theoId] });
  ines = await signInByCode(app.baseUrl, outbox, inesPhone);
  theo = await signInByCode(app.baseUrl, outbox, theoPhone);
});

afterAll(async () => {
  await app?.stop();
});

describe('a partner shares a PDF with her table', () => {
  it('uploads it from the form, her table downloads it, and deleting it removes the file', async () => {
    const list = await ines.get(spaceResourcePaths.list);
    expect(list.text).toContain(`href="${spaceResourcePaths.create}"`);
    const form = await ines.get(spaceResourcePaths.create);
    expect(form.status).toBe(200);
    expect(form.text).toContain('enctype="multipart/form-data"');
    expect(form.text).toContain('type="file"');
    expect(form.text).toContain('10 Mo au plus');
    const fields = hiddenFields(form.text, spaceResourcePaths.create);
    const parts: MultipartPart[] = [
      ...Object.entries({ ...fields, title: 'Procès-verbal du 3 décembre', url: '', description: 'Adopté à la rencontre.', 'theme-table_documents': '1', table: tableId }).map(([name, value]) => ({ name, value })),
      { name: 'file', filename: 'PV 3 décembre.pdf', type: 'application/pdf', data: minutes },
    ];
    const sent = await ines.postMultipart(spaceResourcePaths.create, parts);
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(spaceResourcePaths.list);

    const row = (await strapi.db.query('api::practitioners.resource').findOne({ where: { title: 'Procès-verbal du 3 décembre' } })) as { documentId: string; fileKey: string; fileName: string; fileSize: number; url: string | null };
    expect(row).toMatchObject({ fileName: 'PV 3 décembre.pdf', url: null });
    expect(readdirSync(filesDir)).toContain(row.fileKey);
    // Stored as rewritten without its metadata (decision 0057): the size is the stored file's.
    const stored = readFileSync(path.join(filesDir, row.fileKey));
    expect(row.fileSize).toBe(stored.length);
    expect(stored.toString('latin1')).toContain('/PageLabels');

    const page = await theo.get(spaceResourcePaths.list);
    expect(page.text).toContain('Procès-verbal du 3 décembre');
    expect(page.text).toContain('PV 3 décembre.pdf · PDF, 1 Ko');
    const got = await theo.download(spaceResourceFile(row.documentId));
    expect(got.status).toBe(200);
    expect(got.bytes.equals(stored)).toBe(true);
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename="PV 3 decembre.pdf"; filename*=UTF-8''${encodeURIComponent('PV 3 décembre.pdf')}`);
    expect(got.headers.get('cache-control')).toBe('private, no-store');

    const resourcePage = await theo.get(`/participer/espace/ressources/${row.documentId}/`);
    expect(resourcePage.text).toContain('Télécharger le fichier');

    const csrf = hiddenFields((await ines.get(spaceResourcePaths.list)).text, `/participer/espace/ressources/${row.documentId}/supprimer`).csrf!;
    expect((await ines.post(`/participer/espace/ressources/${row.documentId}/supprimer`, { csrf, locale: 'fr' })).status).toBe(303);
    expect(readdirSync(filesDir)).not.toContain(row.fileKey);
    expect((await theo.download(spaceResourceFile(row.documentId))).status).toBe(404);
  });
});
