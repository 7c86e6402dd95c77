import { describe, expect, it } from 'vitest';
import { eventSchema, neighbourhoodSchema, petitionSchema, posterPath, type Locale } from '@passerelle/shared';
import { t } from '@passerelle/shared/i18n';
import { aCancelledEvent, aNeighbourhood, anOpenPetition, anUpcomingEvent, aPastEvent, toGraphqlNode, type Fixture } from '@passerelle/shared/testing';
import { posterCss } from '../../site/integrations/poster-css.ts';
import { posterFiles } from '../../site/integrations/poster-pages.ts';
import type { Store } from '../../site/integrations/content-store.ts';
import { posterPage, type PosterPageInput } from '../../site/src/lib/poster-page.ts';

/**
 * Posters written after the build from one template (site/integrations/poster-pages.ts): which
 * items get one, and that what an organizer types cannot become markup on a printed page. That a
 * poster is the page Astro made is checked on the built site (tests/quality/posters.spec.ts).
 */
const now = new Date();
const site = new URL('https://passerelle.example');
const phone = '514 555-0199';
const node = (fixture: Fixture, locale: Locale, fields: Record<string, unknown> = {}) => ({ ...toGraphqlNode(fixture, { now, locale }), ...fields });
const villeray = (locale: Locale) => neighbourhoodSchema.parse(node(aNeighbourhood({ slug: 'villeray', name: 'Villeray', phoneMenuNumber: 14 } as never), locale));

const hostileTitle = 'Soupe "gratuite" <script>alert(1)</script> & café';

function storeOf(entries: { collection: string; locale: Locale; data: { slug: string } }[]): Store {
  const store: Store = new Map();
  for (const { collection, locale, data } of entries) {
    const map = store.get(collection) ?? new Map<string, { id: string; data: unknown }>();
    map.set(`${locale}/${data.slug}`, { id: `${locale}/${data.slug}`, data });
    store.set(collection, map);
  }
  return store;
}

const event = (fixture: Fixture, locale: Locale, fields: Record<string, unknown>) =>
  eventSchema.parse(node(fixture, locale, { neighbourhoods: [{ slug: 'villeray', name: 'Villeray' }], ...fields }));

const store = storeOf([
  { collection: 'neighbourhoods', locale: 'fr', data: villeray('fr') },
  { collection: 'neighbourhoods', locale: 'en', data: villeray('en') },
  { collection: 'events', locale: 'fr', data: event(anUpcomingEvent(), 'fr', { slug: 'soupe', shortCode: '7K2', title: hostileTitle }) },
  { collection: 'events', locale: 'en', data: event(anUpcomingEvent(), 'en', { slug: 'soupe', shortCode: '7K2' }) },
  { collection: 'events', locale: 'fr', data: event(aCancelledEvent(), 'fr', { slug: 'fete', shortCode: '9PQ' }) },
  { collection: 'events', locale: 'fr', data: event(aPastEvent(), 'fr', { slug: 'passe', shortCode: 'HHH' }) },
  { collection: 'events', locale: 'fr', data: event(anUpcomingEvent(), 'fr', { slug: 'sans-code', shortCode: null }) },
  { collection: 'petitions', locale: 'fr', data: petitionSchema.parse(node(anOpenPetition(), 'fr', { slug: 'ruelle', shortCode: 'ABCD' })) },
]);

async function pages(): Promise<Map<string, string>> {
  const made = new Map<string, string>();
  for (const file of posterFiles(store, site, phone, '.poster{}\n')) {
    made.set(file.path, typeof file.body === 'function' ? await file.body() : file.body);
  }
  return made;
}

describe('posters written after the build', () => {
  it('one per current item with a short code, in the language it exists in', async () => {
    expect([...(await pages()).keys()].sort()).toEqual(
      [
        `${posterPath('fr', 'events', 'soupe')}index.html`,
        `${posterPath('en', 'events', 'soupe')}index.html`,
        `${posterPath('fr', 'events', 'fete')}index.html`,
        `${posterPath('fr', 'petitions', 'ruelle')}index.html`,
      ].sort(),
    );
  });

  it('an organizer’s title stays text in the title, the heading and the description', async () => {
    const html = (await pages()).get(`${posterPath('fr', 'events', 'soupe')}index.html`)!;
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('<h1>Soupe &quot;gratuite&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; café</h1>');
    expect(html).toContain('<title>Affiche\u00a0: Soupe &quot;gratuite&quot; &lt;script&gt;alert(1)&lt;/script&gt; &amp; café — Passerelle</title>');
    // The title opened no element of its own.
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html.match(/<h1>/g)).toHaveLength(1);
  });

  it('says where it leads: the item, its short link in the QR code, the other language, the neighbourhood’s keypad number', async () => {
    const html = (await pages()).get(`${posterPath('fr', 'events', 'soupe')}index.html`)!;
    expect(html).toContain('<html lang="fr-CA">');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain(`<a class="lang" href="${posterPath('en', 'events', 'soupe')}"`);
    expect(html).toContain('<a href="/evenements/soupe/">');
    expect(html).toMatch(/<svg role="img" aria-label="[^"]*passerelle\.example\/e\/7K2" class="qr" /);
    expect(html).toContain('<strong class="poster-url">passerelle.example/e/7K2</strong>');
    expect(html).toContain(t('fr', 'posterCallNeighbourhood', { phone, number: 14, name: 'Villeray' }).replace(/'/g, '&#39;'));
  });

  it('says what to text the platform: the neighbourhood’s name as the keyword, in each language; nothing to text without a platform number', async () => {
    const made = await pages();
    const fr = made.get(`${posterPath('fr', 'events', 'soupe')}index.html`)!;
    const en = made.get(`${posterPath('en', 'events', 'soupe')}index.html`)!;
    expect(fr).toContain(`<p>${t('fr', 'posterText', { keyword: 'Villeray', phone })}</p>`);
    expect(en).toContain(`<p>${t('en', 'posterText', { keyword: 'Villeray', phone })}</p>`);

    const withoutPhone = posterFiles(store, site, null, '.poster{}\n').find((file) => file.path === `${posterPath('fr', 'events', 'soupe')}index.html`)!;
    const html = typeof withoutPhone.body === 'function' ? await withoutPhone.body() : withoutPhone.body;
    expect(html).not.toContain('Par texto');
    expect(html).not.toContain(phone);
  });

  it('a poster without a twin in the other language switches to that language’s home page', async () => {
    const html = (await pages()).get(`${posterPath('fr', 'petitions', 'ruelle')}index.html`)!;
    expect(html).toContain('<a class="lang" href="/en/"');
  });

  it('a cancelled event’s poster says so before its summary', async () => {
    const html = (await pages()).get(`${posterPath('fr', 'events', 'fete')}index.html`)!;
    const cancelled = html.indexOf('<p class="poster-cancelled"><strong>');
    expect(cancelled).toBeGreaterThan(0);
    expect(cancelled).toBeLessThan(html.indexOf('class="poster-summary"'));
    expect(html).toContain('Reportée au printemps à cause du froid.');
  });
});

describe('the poster template', () => {
  const valid: PosterPageInput = {
    locale: 'fr',
    path: '/affiches/evenements/a/',
    alternatePath: null,
    description: 'Une description assez longue pour un moteur de recherche.',
    title: 'Affiche',
    kind: 'Événement',
    heading: 'Titre',
    cancellation: null,
    summary: 'Résumé',
    facts: [],
    itemPath: '/evenements/a/',
    qrSvg: '<svg role="img"></svg>\n',
    printedLink: 'passerelle.example/e/7K2',
    reach: { contact: null, call: null, text: null },
    css: '',
  };

  it('refuses what is not a QR code in place of the QR code, and a fact without a line', () => {
    expect(() => posterPage({ ...valid, qrSvg: '<img src=x onerror=alert(1)>' })).toThrow();
    expect(() => posterPage({ ...valid, facts: [{ label: 'Quand', lines: [] }] })).toThrow();
    expect(posterPage(valid)).toContain('<svg role="img"></svg>');
  });

  it('inlines the poster’s CSS, then the site’s, minified as Astro inlines a page’s styles', async () => {
    const [poster, global, end] = (await posterCss()).split('\n');
    expect(poster).toMatch(/^\.poster\{/);
    expect(poster).toContain('@media print{@page{margin:10mm}');
    expect(global).toMatch(/^\*,\*:before,\*:after\{box-sizing:border-box\}/);
    expect(end).toBe('');
  });
});
