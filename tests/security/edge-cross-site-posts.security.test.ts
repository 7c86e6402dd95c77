import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshIp, publishedPetition, signPath, useTestOutbox, validSignature } from '../support/participation.ts';
import { startStrapi, type StartedStrapi } from '../support/strapi.ts';

/**
 * A page on another site cannot make a visitor's browser post our forms (sign a petition in their
 * name, cancel their registration): a POST to /participer/ whose Origin is not ours, or that the
 * browser marks cross-site (Sec-Fetch-Site), gets a clear 403 page and nothing is done. A POST
 * with neither header (old browsers, curl) is still accepted. The public URLs are https here, so
 * every write-path answer carries Strict-Transport-Security.
 */
const SITE = 'https://passerelle.test';
const CMS = 'https://cms.passerelle.test';
const FOREIGN = 'https://evil.example';
useTestOutbox();
let app: StartedStrapi;
let petition: { slug: string };

beforeAll(async () => {
  app = await startStrapi({ env: { PUBLIC_SITE_URL: SITE, PUBLIC_URL: CMS } });
  petition = await publishedPetition(app.strapi, 'open');
});
afterAll(async () => {
  await app?.stop();
});

async function sign(headers: Record<string, string>, locale = 'fr') {
  const email = `origine.${randomBytes(4).toString('hex')}@exemple.ca`;
  const response = await fetch(`${app.baseUrl}${signPath(petition.slug)}?locale=${locale}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': freshIp(), ...headers },
    body: new URLSearchParams(validSignature({ email, locale })).toString(),
  });
  const stored = await app.strapi.db.query('api::participation.signature').findMany({ where: { email } });
  return { status: response.status, text: await response.text(), stored: stored.length, hsts: response.headers.get('strict-transport-security') };
}

describe('cross-site form posts', () => {
  it('refuses a post from a foreign page with a French page, and stores nothing', async () => {
    const refused = await sign({ origin: FOREIGN, 'sec-fetch-site': 'cross-site' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('<html lang="fr-CA">');
    expect(refused.text).toContain('depuis un autre site');
    expect(refused.stored).toBe(0);
  });

  it('answers in English when the form was English', async () => {
    const refused = await sign({ origin: FOREIGN }, 'en');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('from another website');
  });

  it('refuses by Origin alone, by Sec-Fetch-Site alone, and the opaque origin "null"', async () => {
    const refusedHeaders: Array<Record<string, string>> = [
      { origin: FOREIGN },
      { 'sec-fetch-site': 'cross-site' },
      // A sibling host is same-site, not ours.
      { 'sec-fetch-site': 'same-site', origin: 'https://autre.passerelle.test' },
      { origin: 'null' },
      { origin: `${SITE}.evil.example` },
    ];
    for (const headers of refusedHeaders) {
      const refused = await sign(headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(refused.stored, JSON.stringify(headers)).toBe(0);
    }
  });

  it('refuses it on every form of the write path, before reading the body', async () => {
    const paths = [
      '/participer/petitions/confirmer',
      '/participer/petitions/code',
      '/participer/evenements/x/inscription',
      '/participer/evenements/annuler',
      '/participer/activites/proposer',
      '/participer/appels/x/interesse',
      '/participer/consultations/x/repondre',
    ];
    for (const path of paths) {
      const response = await fetch(`${app.baseUrl}${path}?locale=fr`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: FOREIGN, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'jeton=x',
      });
      expect(response.status, path).toBe(403);
    }
  });

  it('accepts our own pages: the site, the CMS, same-origin, and posts with neither header', async () => {
    const accepted: Array<Record<string, string>> = [
      { origin: SITE },
      { origin: SITE, 'sec-fetch-site': 'same-origin' },
      // Forms of the site posting straight to the CMS: another host, but our origin.
      { origin: SITE, 'sec-fetch-site': 'cross-site' },
      { origin: CMS, 'sec-fetch-site': 'same-origin' },
      // The site reached under another name (say, its IP address): the browser says same-origin.
      { origin: 'http://192.0.2.10:4321', 'sec-fetch-site': 'same-origin' },
      // Typed or bookmarked by the person.
      { 'sec-fetch-site': 'none' },
      {},
    ];
    for (const headers of accepted) {
      const ok = await sign(headers);
      expect(ok.status, JSON.stringify(headers)).toBe(303);
      expect(ok.stored, JSON.stringify(headers)).toBe(1);
    }
  });

  it('leaves reading alone: a foreign page may still load the live count', async () => {
    const response = await fetch(`${app.baseUrl}/participer/petitions/${petition.slug}/compte.json`, {
      headers: { origin: FOREIGN, 'sec-fetch-site': 'cross-site' },
    });
    expect(response.status).toBe(200);
  });
});

describe('HTTPS', () => {
  it('sends Strict-Transport-Security on write-path answers when the public URLs are https', async () => {
    expect((await sign({})).hsts).toMatch(/^max-age=\d{7,}/);
    expect((await sign({ origin: FOREIGN })).hsts).toMatch(/^max-age=\d{7,}/);
    const page = await fetch(`${app.baseUrl}/participer/evenements/annulee?locale=fr`);
    expect(page.headers.get('strict-transport-security')).toMatch(/^max-age=\d{7,}/);
  });
});
