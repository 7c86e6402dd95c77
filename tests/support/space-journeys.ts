import { zonedDateTime } from '@passerelle/shared';
import { normalisePhone } from '@passerelle/shared/participation';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { lastMessageTo } from './petition-journeys.ts';
import { cmsUrl } from './preview.ts';

/**
 * The browser journeys of the practitioners' space need a member in the e2e CMS. An OC would
 * create one in the admin; the journey does the same through the Content Manager's API, logged in
 * once as the development admin (the e2e CMS runs with NODE_ENV=development).
 */
const DEV_ADMIN = { email: 'admin@passerelle.local', password: 'Passerelle-dev-2026!' };
let token: Promise<string> | undefined;

async function adminToken(request: APIRequestContext): Promise<string> {
  token ??= (async () => {
    // Strapi allows 5 admin logins per 5 minutes per email, path and client address, and the
    // admin-panel journeys log in as this admin too: the space's journeys come from their own
    // address (the e2e CMS trusts the loopback proxy's X-Forwarded-For), so neither can use up the other's.
    const response = await request.post(`${cmsUrl}/admin/login`, { data: DEV_ADMIN, headers: { 'x-forwarded-for': '192.0.2.54' } });
    expect(response.status(), 'admin login').toBe(200);
    return ((await response.json()) as { data: { token: string } }).data.token;
  })();
  return token;
}

/** A member invited by the OC: name and mobile (or email); returns its documentId. */
export async function inviteMember(request: APIRequestContext, data: { name: string; phone?: string; email?: string; spaceRole?: 'intervenant' | 'oc' }): Promise<string> {
  const response = await request.post(`${cmsUrl}/content-manager/collection-types/api::practitioners.practitioner`, {
    headers: { authorization: `Bearer ${await adminToken(request)}` },
    data: { spaceRole: 'intervenant', active: true, ...data },
  });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return ((await response.json()) as { data: { documentId: string } }).data.documentId;
}

export async function makeRoundTable(request: APIRequestContext, name: string, members: string[], coordinators: string[] = [], neighbourhoods: string[] = []): Promise<string> {
  const response = await request.post(`${cmsUrl}/content-manager/collection-types/api::practitioners.round-table`, {
    headers: { authorization: `Bearer ${await adminToken(request)}` },
    data: {
      name,
      members: { connect: members.map((documentId) => ({ documentId })) },
      coordinators: { connect: coordinators.map((documentId) => ({ documentId })) },
      neighbourhoods: { connect: neighbourhoods.map((documentId) => ({ documentId, locale: 'fr' })) },
    },
  });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return ((await response.json()) as { data: { documentId: string } }).data.documentId;
}

/** A seeded neighbourhood's documentId, by its slug (the public API lists neighbourhoods). */
export async function neighbourhoodId(request: APIRequestContext, slug: string): Promise<string> {
  const response = await request.get(`${cmsUrl}/api/neighbourhoods?filters[slug][$eq]=${encodeURIComponent(slug)}&fields[0]=slug`);
  expect(response.status(), await response.text()).toBe(200);
  const found = ((await response.json()) as { data: Array<{ documentId: string }> }).data[0];
  expect(found, slug).toBeTruthy();
  return found!.documentId;
}

/** A meeting of a table, as an OC would correct one in the admin: `startsInDays` from today at 18:30 Québec time, 90 minutes. */
export async function makeMeeting(request: APIRequestContext, tableId: string, data: { title: string; startsInDays: number; agenda?: string; place?: string; decisions?: string }): Promise<string> {
  // 18:30 in Québec, like most tables' evening meetings: a time of day that never runs past midnight,
  // whatever the hour the tests run at (messages and pages then say one day, not a range of two).
  const startsAt = zonedDateTime(new Date(), data.startsInDays, '18:30');
  const response = await request.post(`${cmsUrl}/content-manager/collection-types/api::practitioners.meeting`, {
    headers: { authorization: `Bearer ${await adminToken(request)}` },
    data: {
      title: data.title,
      agenda: data.agenda ?? '',
      decisions: data.decisions ?? '',
      place: data.place ?? 'Centre communautaire, 123 rue Principale',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 90 * 60_000).toISOString(),
      sequence: 0,
      roundTable: { connect: [{ documentId: tableId }] },
    },
  });
  expect(response.status(), await response.text()).toBeLessThan(300);
  return ((await response.json()) as { data: { documentId: string } }).data.documentId;
}

/** A North-American mobile number no other journey uses. */
export const uniqueMobile = () => `438 ${String(200 + Math.floor(Math.random() * 700))}-${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;

/** On the space's sign-in page: asks for a code by text, reads it from the dev outbox, types it in. */
export async function signInWithTextCode(page: Page, request: APIRequestContext, mobile: string): Promise<void> {
  await page.getByLabel('Courriel ou numéro de cellulaire').fill(mobile);
  await page.getByRole('button', { name: 'Recevoir un lien ou un code' }).click();
  const code = /\b(\d{6})\b/.exec((await lastMessageTo(request, normalisePhone(mobile)!)).text)![1]!;
  await page.getByLabel('Code à 6 chiffres').fill(code);
  await page.getByRole('button', { name: 'Me connecter' }).click();
}

