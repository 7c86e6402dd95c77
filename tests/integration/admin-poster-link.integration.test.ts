import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posterPath } from '@passerelle/shared';
import { publishedConsultation, publishedEventWithForm, publishedPetition } from '../support/participation.ts';
import { api, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';
import { adminUserToken } from '../support/admin-users.ts';

/**
 * The « Imprimer une affiche » panel's route (cms/src/admin-api/poster-link.ts): the published
 * item's poster on the public site, at the address the site writes it (shared `posterPath`), or
 * why there is none yet. Admin JWT only.
 */
const SITE = 'https://passerelle.example';
let app: StartedStrapi;
let strapi: Strapi;
let ocToken: string;
let groupToken: string;

const poster = (model: string, documentId: string, locale?: string) =>
  `/passerelle/affiche?${new URLSearchParams({ model, documentId, ...(locale ? { locale } : {}) }).toString()}`;

beforeAll(async () => {
  app = await startStrapi({ env: { PUBLIC_SITE_URL: `${SITE}/` } });
  strapi = app.strapi;
  ocToken = await adminUserToken(app, 'passerelle-community-organizer', 'oc.affiche@cisss.example.org');
  groupToken = await adminUserToken(app, 'passerelle-community-group', 'groupe.affiche@example.org');
});

afterAll(async () => {
  await app?.stop();
});

describe('the poster link of a published item', () => {
  it('gives the event’s poster on the public site, in French and in English', async () => {
    const event = await publishedEventWithForm(strapi, null);
    for (const token of [ocToken, groupToken]) {
      const fr = await api(app.baseUrl, poster('api::event.event', event.documentId), { token });
      expect(fr.status).toBe(200);
      expect(fr.body.data).toEqual({ url: `${SITE}${posterPath('fr', 'events', event.slug)}` });
    }
    const en = await api(app.baseUrl, poster('api::event.event', event.documentId, 'en'), { token: ocToken });
    expect(en.body.data).toEqual({ url: `${SITE}${posterPath('en', 'events', event.slug)}` });
    expect(en.body.data.url).toBe(`${SITE}/en/posters/events/${event.slug}/`);
  });

  it('gives a petition’s and a consultation’s poster under their own kind', async () => {
    const petition = await publishedPetition(strapi);
    const consultation = await publishedConsultation(strapi);
    const forPetition = await api(app.baseUrl, poster('api::petition.petition', petition.documentId), { token: ocToken });
    expect(forPetition.body.data).toEqual({ url: `${SITE}${posterPath('fr', 'petitions', petition.slug)}` });
    const forConsultation = await api(app.baseUrl, poster('api::consultation.consultation', consultation.documentId), { token: ocToken });
    expect(forConsultation.body.data).toEqual({ url: `${SITE}${posterPath('fr', 'consultations', consultation.slug)}` });
  });

  it('follows the published slug, not a draft’s new one', async () => {
    const event = await publishedEventWithForm(strapi, null);
    await strapi.documents('api::event.event').update({ documentId: event.documentId, locale: 'fr', data: { slug: `${event.slug}-brouillon` } as never });
    const { body } = await api(app.baseUrl, poster('api::event.event', event.documentId), { token: ocToken });
    expect(body.data).toEqual({ url: `${SITE}${posterPath('fr', 'events', event.slug)}` });
  });

  it('says "not published" once the item is unpublished', async () => {
    const event = await publishedEventWithForm(strapi, null);
    await strapi.documents('api::event.event').unpublish({ documentId: event.documentId, locale: '*' });
    const { status, body } = await api(app.baseUrl, poster('api::event.event', event.documentId), { token: ocToken });
    expect(status).toBe(200);
    expect(body.data).toEqual({ missing: 'not-published' });
  });
});

describe('what the route refuses', () => {
  it('answers 401 without an admin token', async () => {
    expect((await api(app.baseUrl, poster('api::event.event', 'abc'))).status).toBe(401);
    expect((await api(app.baseUrl, poster('api::event.event', 'abc'), { token: 'not-a-jwt' })).status).toBe(401);
  });

  it('answers 400, never a 500, for a content type with no poster or a malformed id or locale', async () => {
    for (const path of [
      poster('api::neighbourhood.neighbourhood', 'abc'),
      poster('admin::user', 'abc'),
      poster('api::event.event', '../../etc'),
      poster('api::event.event', 'abc', 'de'),
      '/passerelle/affiche',
    ]) {
      const { status, body } = await api(app.baseUrl, path, { token: ocToken });
      expect(status, path).toBe(400);
      expect(body.error.message, path).toContain('affiche');
    }
  });
});
