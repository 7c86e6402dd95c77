import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { participationPaths } from '@passerelle/shared/participation/paths';
import { aValidDocument } from '@passerelle/shared/testing';
import { consultationQuestions, validAnswers } from './participation.ts';

/**
 * Setting the scene for admin-panel tests through the CMS's admin API, as the panel itself would:
 * the CMS of scripts/test.sh runs with SERVE_ADMIN=true, NODE_ENV=development, so the dev super
 * admin exists (cms/src/bootstrap/first-admin.ts).
 */
export const cmsUrl = process.env.CMS_URL ?? 'http://127.0.0.1:1337';
export const devAdmin = { email: 'admin@passerelle.local', password: 'Passerelle-dev-2026!' };

const cm = (uid: string, rest = '') => `${cmsUrl}/content-manager/collection-types/${uid}${rest}`;
const fr = 'plugins[i18n][locale]=fr';
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Strapi allows 5 admin logins per 5 minutes per email and address, and the panel's own sign-ins
 * (logIn) count too: a token got through the API is kept in a file for this CMS and reused by
 * every spec file (each runs in its own worker) as long as the CMS still accepts it.
 */
const tokenFile = (email: string) => join(tmpdir(), `passerelle-admin-token-${createHash('sha256').update(`${cmsUrl} ${email}`).digest('hex').slice(0, 16)}`);

export async function adminToken(request: APIRequestContext, user: { email: string; password: string }): Promise<string> {
  const file = tokenFile(user.email);
  const kept = async () => {
    if (!existsSync(file)) return null;
    const token = readFileSync(file, 'utf8').trim();
    return (await request.get(`${cmsUrl}/admin/users/me`, { headers: auth(token) })).status() === 200 ? token : null;
  };
  // Two spec files start at once: one logs in while the other waits for its token (a lock left by
  // a killed run is given up after 30 s).
  const lock = `${file}.lock`;
  for (let waited = 0; ; waited += 200) {
    const token = await kept();
    if (token) return token;
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited >= 30_000) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    const response = await request.post(`${cmsUrl}/admin/login`, { data: user });
    expect(response.status(), `login ${user.email}`).toBe(200);
    const token = ((await response.json()) as { data: { token: string } }).data.token;
    writeFileSync(file, token, { mode: 0o600 });
    return token;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Invites a user into a Passerelle role and completes the registration, as the invitee would. */
export async function invitedUser(request: APIRequestContext, superToken: string, roleCode: string, email: string, password: string): Promise<void> {
  const roles = (await (await request.get(`${cmsUrl}/admin/roles`, { headers: auth(superToken) })).json()) as { data: Array<{ id: number; code: string }> };
  const role = roles.data.find((r) => r.code === roleCode);
  expect(role, roleCode).toBeDefined();
  const created = await request.post(`${cmsUrl}/admin/users`, {
    headers: auth(superToken),
    data: { email, firstname: 'Groupe', lastname: 'Entraide', roles: [role!.id] },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { registrationToken } = ((await created.json()) as { data: { registrationToken: string } }).data;
  const registered = await request.post(`${cmsUrl}/admin/register`, {
    data: { registrationToken, userInfo: { firstname: 'Groupe', lastname: 'Entraide', password } },
  });
  expect(registered.status(), await registered.text()).toBe(200);
}

/** A published consultation with `answers` responses sent through the residents' form. */
export async function consultationWithAnswers(request: APIRequestContext, token: string, answers: number) {
  const data: Record<string, unknown> = { ...aValidDocument('api::consultation.consultation', 'Consultation admin'), questions: consultationQuestions };
  const created = await request.post(cm('api::consultation.consultation', `?${fr}`), { headers: auth(token), data });
  expect(created.status(), await created.text()).toBe(201);
  const { documentId } = ((await created.json()) as { data: { documentId: string } }).data;
  const published = await request.post(cm('api::consultation.consultation', `/${documentId}/actions/publish?${fr}`), { headers: auth(token), data: {} });
  expect(published.status(), await published.text()).toBe(200);
  for (let i = 0; i < answers; i++) {
    const sent = await request.post(cmsUrl + participationPaths.answer(String(data.slug)), { form: validAnswers({ q4: `Idée ${i + 1}` }), maxRedirects: 0 });
    expect(sent.status()).toBe(303);
  }
  return { title: String(data.title), slug: String(data.slug) };
}

/** An event draft a community group marks "to review". */
export async function eventWaitingForReview(request: APIRequestContext, groupToken: string): Promise<string> {
  const neighbourhoods = await request.get(cm('api::neighbourhood.neighbourhood', `?page=1&pageSize=1&${fr}`), { headers: auth(groupToken) });
  const [neighbourhood] = ((await neighbourhoods.json()) as { results: Array<{ documentId: string }> }).results;
  expect(neighbourhood).toBeDefined();
  const title = `Corvée au parc ${Date.now().toString(36)}`;
  const data = { ...aValidDocument('api::event.event', title), title, neighbourhoods: { connect: [{ documentId: neighbourhood!.documentId, locale: 'fr' }] } };
  const created = await request.post(cm('api::event.event', `?${fr}`), { headers: auth(groupToken), data });
  expect(created.status(), await created.text()).toBe(201);
  const { documentId } = ((await created.json()) as { data: { documentId: string } }).data;
  const marked = await request.put(cm('api::event.event', `/${documentId}?${fr}`), { headers: auth(groupToken), data: { reviewStatus: 'to_review' } });
  expect(marked.status(), await marked.text()).toBe(200);
  return title;
}

export async function logIn(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.goto(`${cmsUrl}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await page.locator('input[name="password"]').press('Enter');
  await page.waitForURL(/\/admin\/?$/);
}

/** A homepage widget: Strapi renders each as a <section> labelled by its <h2> title. */
export const widget = (page: Page, title: string) => page.getByRole('region', { name: title, exact: true });

/**
 * The admin JWT of the user logged in on this page, read from the admin's own next API call (it
 * keeps its access token in memory; the cookie holds only the refresh token), so a test sets its
 * scene with the same login: the admin allows five logins per address and email in five minutes,
 * and the dev super admin is shared by the admin tests.
 */
export async function sessionToken(page: Page): Promise<string> {
  const [call] = await Promise.all([
    page.waitForRequest((r) => r.url().startsWith(cmsUrl) && /^Bearer \S+/.test(r.headers().authorization ?? '')),
    page.reload(),
  ]);
  return call.headers().authorization!.slice('Bearer '.length);
}
