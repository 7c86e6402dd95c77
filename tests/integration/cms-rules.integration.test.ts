import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypes } from '@passerelle/shared';
import { aValidDocument, montrealPlace } from '@passerelle/shared/testing';
import { api, createFullAccessToken, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Rules the CMS enforces whoever writes (admin panel, REST, seed), the admin roles it sets up, and
 * the contract with `@passerelle/shared`.
 */
const ADMIN = { email: 'oc.test@example.org', password: 'Test-admin-2026!' };

let app: StartedStrapi;
let strapi: Strapi;

beforeAll(async () => {
  app = await startStrapi({ env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password } });
  strapi = app.strapi;
});

afterAll(async () => {
  delete process.env.ADMIN_EMAIL;
  delete process.env.ADMIN_PASSWORD;
  await app?.stop();
});

const events = () => strapi.documents('api::event.event');
const paris = { ...montrealPlace, lat: 48.85, lng: 2.35 };
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { name: string; message: string };
  }
  throw new Error('expected the write to be refused');
}

describe('content validation (French messages)', () => {
  it('refuses an event in Paris', async () => {
    const error = await rejection(events().create({ locale: 'fr', data: { ...aValidDocument('api::event.event'), place: paris } }));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(/doivent se trouver au Québec/);
  });

  it('refuses a neighbourhood whose longitude lost its minus sign', async () => {
    const error = await rejection(
      strapi.documents('api::neighbourhood.neighbourhood').create({
        locale: 'fr',
        data: { ...aValidDocument('api::neighbourhood.neighbourhood'), lng: 73.66 },
      }),
    );
    expect(error.message).toMatch(/doivent se trouver au Québec/);
  });

  it('refuses an access point outside Québec, an unknown offer and hours that close before they open', async () => {
    const accessPoints = () => strapi.documents('api::access-point.access-point');
    const valid = aValidDocument('api::access-point.access-point');
    const outside = await rejection(accessPoints().create({ locale: 'fr', data: { ...valid, lat: 48.85, lng: 2.35 } }));
    expect(outside.message).toMatch(/doivent se trouver au Québec/);
    const offers = await rejection(accessPoints().create({ locale: 'fr', data: { ...valid, offers: ['wifi', 'café'] } }));
    expect(offers.message).toMatch(/Ce qui est offert \(offers\)/);
    const none = await rejection(accessPoints().create({ locale: 'fr', data: { ...valid, offers: [] } }));
    expect(none.message).toMatch(/Ce qui est offert \(offers\)/);
    const hours = await rejection(
      accessPoints().create({ locale: 'fr', data: { ...valid, openingHours: [{ weekday: 'monday', opens: '17:00', closes: '10:00' }] } }),
    );
    expect(hours.message).toMatch(/la fermeture doit être après l’ouverture/);
    const created = await accessPoints().create({ locale: 'fr', data: valid });
    await accessPoints().publish({ documentId: created.documentId, locale: 'fr' });
    const published = await accessPoints().findOne({ documentId: created.documentId, locale: 'fr', status: 'published', populate: ['openingHours'] });
    expect(published?.openingHours).toHaveLength(7);
  });

  it('refuses a closure that ends before it starts and too many closures, in French; keeps valid closures in every locale', async () => {
    const accessPoints = () => strapi.documents('api::access-point.access-point');
    const valid = aValidDocument('api::access-point.access-point');
    const backwards = await rejection(
      accessPoints().create({ locale: 'fr', data: { ...valid, closures: [{ startDate: '2026-12-24', endDate: '2026-12-23', reasonFr: 'Vacances des fêtes' }] } }),
    );
    expect(backwards.name).toBe('ValidationError');
    expect(backwards.message).toMatch(/Fermeture 1 : le dernier jour \(endDate\) doit être le premier jour \(startDate\) ou après/);
    const many = Array.from({ length: 21 }, (_, i) => ({ startDate: `2027-01-${String(i + 1).padStart(2, '0')}`, endDate: `2027-01-${String(i + 1).padStart(2, '0')}` }));
    const tooMany = await rejection(accessPoints().create({ locale: 'fr', data: { ...valid, closures: many } }));
    expect(tooMany.message).toMatch(/21 fermetures : 20 au plus/);

    const created = await accessPoints().create({
      locale: 'fr',
      data: { ...valid, closedOnQuebecHolidays: true, closures: [{ startDate: '2026-12-24', endDate: '2027-01-02', reasonFr: 'Vacances des fêtes', reasonEn: 'Holiday break' }] },
    });
    const update = await rejection(
      accessPoints().update({ documentId: created.documentId, locale: 'fr', data: { closures: [{ startDate: '2027-03-10', endDate: '2027-03-01' }] } }),
    );
    expect(update.message).toMatch(/Fermeture 1 : le dernier jour/);
    await accessPoints().publish({ documentId: created.documentId, locale: 'fr' });
    const published = await accessPoints().findOne({ documentId: created.documentId, locale: 'fr', status: 'published', populate: ['closures'] });
    expect(published).toMatchObject({ closedOnQuebecHolidays: true, closures: [{ startDate: '2026-12-24', endDate: '2027-01-02', reasonFr: 'Vacances des fêtes', reasonEn: 'Holiday break' }] });
  });

  it('refuses a self-check question with no right choice, two right choices or a single choice; keeps a valid module whole', async () => {
    const modules = () => strapi.documents('api::training-module.training-module');
    const valid = aValidDocument('api::training-module.training-module');
    type Unit = { questions: Array<{ prompt: string; choices: Array<{ text: string; correct: boolean; feedback: string }> }> };
    const withChoices = (edit: (choices: Unit['questions'][number]['choices']) => Unit['questions'][number]['choices']) => {
      const units = structuredClone(valid.units) as Unit[];
      units[0]!.questions[0]!.choices = edit(units[0]!.questions[0]!.choices);
      return { ...valid, units };
    };
    const none = await rejection(modules().create({ locale: 'fr', data: withChoices((c) => c.map((choice) => ({ ...choice, correct: false }))) }));
    expect(none.message).toMatch(/Unité 1, question 1 : cochez « correct » sur un seul choix/);
    const two = await rejection(modules().create({ locale: 'fr', data: withChoices((c) => c.map((choice) => ({ ...choice, correct: true }))) }));
    expect(two.message).toMatch(/cochez « correct » sur un seul choix/);
    const single = await rejection(modules().create({ locale: 'fr', data: withChoices((c) => c.slice(1, 2)) }));
    expect(single.message).toMatch(/donnez au moins deux choix de réponse/);
    const created = await modules().create({ locale: 'fr', data: valid });
    await modules().publish({ documentId: created.documentId, locale: 'fr' });
    const published = await modules().findOne({
      documentId: created.documentId,
      locale: 'fr',
      status: 'published',
      populate: { units: { populate: { questions: { populate: ['choices'] } } } },
    });
    const choices = (published?.units as Unit[] | undefined)?.[0]?.questions[0]?.choices ?? [];
    expect(choices.map((c) => c.correct)).toEqual([false, true, false]);
  });

  it('refuses an event that ends before it starts', async () => {
    const error = await rejection(
      events().create({ locale: 'fr', data: { ...aValidDocument('api::event.event'), startsAt: hoursFromNow(5), endsAt: hoursFromNow(4) } }),
    );
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(/La fin \(endsAt\) doit être après le début/);
  });

  it('refuses a 281-character summary', async () => {
    const error = await rejection(events().create({ locale: 'fr', data: { ...aValidDocument('api::event.event'), summary: 'a'.repeat(281) } }));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(/Le résumé compte 281 caractères : 280 au maximum/);
  });

  it('refuses a consultation that closes before it opens, and a petition too', async () => {
    const consultation = await rejection(
      strapi.documents('api::consultation.consultation').create({
        locale: 'fr',
        data: { ...aValidDocument('api::consultation.consultation'), opensAt: hoursFromNow(48), closesAt: hoursFromNow(24) },
      }),
    );
    expect(consultation.message).toMatch(/La fermeture \(closesAt\) doit être après l’ouverture/);
    const petition = await rejection(
      strapi.documents('api::petition.petition').create({
        locale: 'fr',
        data: { ...aValidDocument('api::petition.petition'), opensAt: hoursFromNow(1), closesAt: hoursFromNow(1) },
      }),
    );
    expect(petition.message).toMatch(/La fermeture/);
  });

  it('refuses a slug the site would not accept, with the French rule', async () => {
    const error = await rejection(events().create({ locale: 'fr', data: { ...aValidDocument('api::event.event'), slug: 'Fete_Quartier' } }));
    expect(error.name).toBe('ValidationError');
    expect(error.message).toMatch(/slug.*minuscules/);
  });

  it('checks partial updates against the stored version', async () => {
    const event = await events().create({ locale: 'fr', data: { ...aValidDocument('api::event.event'), startsAt: hoursFromNow(48), endsAt: hoursFromNow(50) } });
    const error = await rejection(events().update({ documentId: event.documentId, locale: 'fr', data: { endsAt: hoursFromNow(47) } }));
    expect(error.message).toMatch(/La fin/);
    const updated = await events().update({ documentId: event.documentId, locale: 'fr', data: { endsAt: hoursFromNow(52) } });
    expect(new Date(updated.endsAt).getTime()).toBeGreaterThan(new Date(updated.startsAt).getTime());
  });

  it('refuses an image without alternative text, and accepts it with one', async () => {
    const file = await strapi.db.query('plugin::upload.file').create({
      data: { name: 'affiche.png', hash: `affiche_${Date.now()}`, ext: '.png', mime: 'image/png', size: 1, url: '/uploads/affiche.png', provider: 'local', width: 10, height: 10 },
    });
    const error = await rejection(events().create({ locale: 'fr', data: { ...aValidDocument('api::event.event'), image: file.id } }));
    expect(error.message).toMatch(/Une image doit avoir un texte alternatif/);

    const event = await events().create({ locale: 'fr', data: { ...aValidDocument('api::event.event'), image: file.id, imageAlt: 'Affiche de la fête' } });
    const cleared = await rejection(events().update({ documentId: event.documentId, locale: 'fr', data: { imageAlt: ' ' } }));
    expect(cleared.message).toMatch(/texte alternatif/);
  });

  it('accepts a valid event, its English version and publication', async () => {
    const data = aValidDocument('api::event.event', 'Fête de quartier');
    const event = await events().create({ locale: 'fr', data });
    // A new locale must carry the required shared fields (the admin panel pre-fills them).
    await events().update({ documentId: event.documentId, locale: 'en', data: { ...data, title: 'Block party', summary: 'A short summary.' } });
    // Shared (non-localized) fields follow the locale last written.
    await events().update({ documentId: event.documentId, locale: 'fr', data: { capacity: 40 } });
    const published = await events().publish({ documentId: event.documentId, locale: '*' });
    expect(published.entries).toHaveLength(2);
    const { body } = await api(app.baseUrl, `/api/events/${event.documentId}?locale=en&populate=place`);
    expect(body.data.title).toBe('Block party');
    expect(body.data.slug).toBe(data.slug);
    expect(body.data.startsAt).toBe(new Date(data.startsAt as string).toISOString());
    expect(body.data.capacity).toBe(40);
  });

  it('answers REST writes with a 400 and the French message', async () => {
    const token = await createFullAccessToken(strapi);
    const { status, body } = await api(app.baseUrl, '/api/events', {
      token,
      body: { data: { ...aValidDocument('api::event.event'), place: paris } },
    });
    expect(status).toBe(400);
    expect(body.error.name).toBe('ValidationError');
    expect(body.error.message).toMatch(/doivent se trouver au Québec/);
  });
});

describe('admin roles', () => {
  async function permissionsOf(code: string) {
    const role = await strapi.db.query('admin::role').findOne({ where: { code } });
    expect(role, `role ${code}`).toBeTruthy();
    const permissions = await strapi.db.query('admin::permission').findMany({ where: { role: role.id } });
    return { role, permissions: permissions as Array<{ action: string; subject: string | null; conditions: string[]; properties: { locales?: unknown } }> };
  }
  const publicUids = Object.values(contentTypes).map((c) => c.uid);

  it('gives "Organisateur·trice communautaire" full editorial rights in both locales', async () => {
    const { role, permissions } = await permissionsOf('passerelle-community-organizer');
    expect(role.name).toBe('Organisateur·trice communautaire');
    for (const uid of publicUids) {
      for (const verb of ['create', 'read', 'update', 'delete', 'publish']) {
        const permission = permissions.find((p) => p.action === `plugin::content-manager.explorer.${verb}` && p.subject === uid);
        expect(permission, `${verb} ${uid}`).toBeTruthy();
        expect(permission!.properties.locales).toEqual(['fr', 'en']);
      }
    }
    const actions = permissions.map((p) => p.action);
    expect(actions).toContain('plugin::upload.read');
    expect(actions).toContain('plugin::upload.assets.create');
  });

  it('lets "Groupe communautaire" draft its own events and calls only', async () => {
    const { role, permissions } = await permissionsOf('passerelle-community-group');
    expect(role.name).toBe('Groupe communautaire');
    expect(permissions.some((p) => p.action.endsWith('.publish'))).toBe(false);
    expect(permissions.some((p) => p.action.endsWith('.delete'))).toBe(false);
    const subjects = new Set(permissions.map((p) => p.subject));
    expect(subjects.has('api::petition.petition')).toBe(false);
    expect(subjects.has('api::consultation.consultation')).toBe(false);
    for (const uid of ['api::event.event', 'api::call.call']) {
      const verbs = permissions.filter((p) => p.subject === uid).map((p) => p.action.split('.').pop()).sort();
      expect(verbs).toEqual(['create', 'read', 'update']);
      for (const verb of ['read', 'update']) {
        const p = permissions.find((x) => x.subject === uid && x.action.endsWith(`.${verb}`));
        expect(p!.conditions).toEqual(['admin::is-creator']);
      }
    }
    for (const uid of ['api::neighbourhood.neighbourhood', 'api::topic.topic', 'api::organization.organization']) {
      const verbs = permissions.filter((p) => p.subject === uid).map((p) => p.action.split('.').pop());
      expect(verbs).toEqual(['read']);
    }
  });

  it('creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD, who signs in and sees drafts', async () => {
    const { status, body } = await api(app.baseUrl, '/admin/login', { body: ADMIN });
    expect(status).toBe(200);
    expect(body.data.user.email).toBe(ADMIN.email);

    const draft = await events().create({ locale: 'fr', data: aValidDocument('api::event.event', 'Brouillon admin') });
    const list = await api(app.baseUrl, '/content-manager/collection-types/api::event.event?page=1&pageSize=100&locale=fr', {
      token: body.data.token,
    });
    expect(list.status).toBe(200);
    expect(list.body.results.map((r: { documentId: string }) => r.documentId)).toContain(draft.documentId);
  });
});

describe('contract with @passerelle/shared', () => {
  it.each(Object.entries(contentTypes))('%s: the CMS type exists with the GraphQL name the site queries', (_name, def) => {
    const contentType = strapi.contentType(def.uid);
    expect(contentType, def.uid).toBeTruthy();
    // Strapi's GraphQL field is the (kebab-case) pluralName in camelCase: `access-points` → `accessPoints`.
    expect(contentType.info.pluralName.replace(/-([a-z])/g, (_: string, c: string) => c.toUpperCase())).toBe(def.query);
    expect(contentType.options.draftAndPublish).toBe(true);
    expect(contentType.pluginOptions.i18n.localized).toBe(true);
  });

  it('has French as the default locale, and English', async () => {
    const locales = strapi.plugin('i18n').service('locales');
    expect(await locales.getDefaultLocale()).toBe('fr');
    const codes = (await locales.find()).map((l: { code: string }) => l.code).sort();
    expect(codes).toEqual(['en', 'fr']);
  });
});

describe('consultation results wait for the closing', () => {
  it('hides results from the public API until closesAt, but not from API tokens', async () => {
    const consultations = strapi.documents('api::consultation.consultation');
    const make = async (closesInHours: number) => {
      const doc = await consultations.create({
        locale: 'fr',
        data: {
          ...aValidDocument('api::consultation.consultation'),
          opensAt: hoursFromNow(-48),
          closesAt: hoursFromNow(closesInHours),
          results: 'Résultats provisoires : 62 % pour.',
        },
      });
      await consultations.publish({ documentId: doc.documentId, locale: 'fr' });
      return doc.documentId;
    };
    const open = await make(24);
    const closed = await make(-1);
    const publicRead = async (documentId: string) =>
      ((await api(app.baseUrl, `/api/consultations/${documentId}?locale=fr`)).body as { data: { results: string | null } }).data.results;
    expect(await publicRead(open)).toBeNull();
    expect(await publicRead(closed)).toBe('Résultats provisoires : 62 % pour.');

    const gql = (await api(app.baseUrl, '/graphql', {
      method: 'POST',
      body: { query: `{ consultations(locale: "fr", filters: { documentId: { in: ["${open}", "${closed}"] } }) { documentId results } }` },
    })).body as { data: { consultations: Array<{ documentId: string; results: string | null }> } };
    const byId = Object.fromEntries(gql.data.consultations.map((c) => [c.documentId, c.results]));
    expect(byId[open]).toBeNull();
    expect(byId[closed]).toMatch(/62 %/);

    const token = await createFullAccessToken(strapi);
    const tokenRead = (await api(app.baseUrl, `/api/consultations/${open}?locale=fr`, { token })).body as { data: { results: string } };
    expect(tokenRead.data.results).toMatch(/62 %/);
  });
});
