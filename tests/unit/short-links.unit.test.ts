import { describe, expect, it } from 'vitest';
import { itemCollections } from '@passerelle/shared';
import {
  SHORT_CODE_ALPHABET,
  SHORT_CODE_PATTERN,
  drawShortCode,
  isShortCode,
  printedShortLink,
  shortLinkPath,
} from '@passerelle/shared/short-links';
import { redirectPage, shortLinkFiles, shortLinkTargets, type ShortLinkTarget } from '../../site/src/lib/short-link-files.ts';

/** The content store as Astro leaves it: collection → `<locale>/<slug>` → entry. */
function store(entries: Record<string, { locale: string; slug: string; title: string; shortCode?: string | null }[]>) {
  return new Map(
    Object.entries(entries).map(([collection, list]) => [
      collection,
      new Map(list.map((e) => [`${e.locale}/${e.slug}`, { id: `${e.locale}/${e.slug}`, data: { slug: e.slug, title: e.title, shortCode: e.shortCode } }])),
    ]),
  );
}

const site = 'https://passerelle.example';
const targets = shortLinkTargets(
  store({
    events: [
      { locale: 'fr', slug: 'corvee-du-parc', title: 'Corvée du parc', shortCode: '7K2' },
      { locale: 'en', slug: 'park-clean-up', title: 'Park clean-up', shortCode: '7K2' },
      { locale: 'fr', slug: 'sans-code', title: 'Sans code', shortCode: null },
    ],
    calls: [{ locale: 'fr', slug: 'benevoles', title: 'Bénévoles <recherchés> & "vite"', shortCode: 'AP3' }],
    consultations: [{ locale: 'fr', slug: 'budget', title: 'Budget', shortCode: 'ZZ9X' }],
    petitions: [{ locale: 'fr', slug: 'abribus', title: 'Un abribus', shortCode: '7K2' }],
    neighbourhoods: [{ locale: 'fr', slug: 'saint-michel', title: 'Saint-Michel', shortCode: 'AAA' }],
  }),
);
const files = shortLinkFiles(targets, site);
const file = (path: string) => files.find((f) => f.path === path)?.body;

describe('short codes', () => {
  it('are drawn from an alphabet without the characters people confuse (0/O, 1/I/L)', () => {
    expect(SHORT_CODE_ALPHABET).toHaveLength(31);
    for (const confusable of ['0', 'O', '1', 'I', 'L', 'o', 'i', 'l']) expect(SHORT_CODE_ALPHABET).not.toContain(confusable);
    expect(new Set(SHORT_CODE_ALPHABET).size).toBe(SHORT_CODE_ALPHABET.length);
    // Every letter of the alphabet is accepted by the pattern the CMS schemas use, and nothing else is.
    for (const char of SHORT_CODE_ALPHABET) expect(SHORT_CODE_PATTERN.test(char.repeat(3))).toBe(true);
    for (const char of ['0', 'O', '1', 'I', 'L', 'a', '-']) expect(isShortCode(`${char}23`)).toBe(false);
  });

  it('are 3 to 8 characters, drawn with the random source given', () => {
    let i = 0;
    const code = drawShortCode(4, (size) => i++ % size);
    expect(code).toBe('2345');
    expect(isShortCode(code)).toBe(true);
    expect(isShortCode('23')).toBe(false);
    expect(isShortCode('234567892')).toBe(false);
    expect(isShortCode(null)).toBe(false);
  });

  it('make paths with one letter per kind of item, the same in both languages', () => {
    expect(itemCollections.map((type) => shortLinkPath(type, '7K2'))).toEqual(['/e/7K2/', '/a/7K2/', '/c/7K2/', '/p/7K2/']);
    expect(shortLinkPath('events', '7K2', 'en')).toBe('/en/e/7K2/');
    expect(printedShortLink(`${site}/`, 'events', '7K2')).toBe('passerelle.example/e/7K2');
    expect(printedShortLink(site, 'calls', 'AP3', 'en')).toBe('passerelle.example/en/a/AP3');
  });
});

describe('short link files', () => {
  it('cover the four kinds of item with a code, in each language, and nothing else', () => {
    expect(targets.map((t) => `${t.type} ${t.locale} ${t.code} ${t.slug}`)).toEqual([
      'calls fr AP3 benevoles',
      'consultations fr ZZ9X budget',
      'events en 7K2 park-clean-up',
      'events fr 7K2 corvee-du-parc',
      'petitions fr 7K2 abribus',
    ]);
  });

  it('give each code one page, in capitals and in lower case, every path once', () => {
    const pages = files.filter((f) => f.path.endsWith('/index.html')).map((f) => f.path);
    expect(new Set(pages).size).toBe(pages.length);
    expect(pages).toEqual(
      expect.arrayContaining(['/e/7K2/index.html', '/e/7k2/index.html', '/en/e/7K2/index.html', '/en/e/7k2/index.html', '/p/7K2/index.html', '/c/zz9x/index.html']),
    );
    expect(pages).toHaveLength(targets.length * 2);
    expect(file('/e/7k2/index.html')).toBe(file('/e/7K2/index.html'));
  });

  it('send the browser to the item: a refresh and a link, kept out of search engines, with the item as canonical', () => {
    const page = file('/e/7K2/index.html')!;
    expect(page).toContain('<meta http-equiv="refresh" content="0; url=/evenements/corvee-du-parc/">');
    expect(page).toContain('<a href="/evenements/corvee-du-parc/">Corvée du parc</a>');
    expect(page).toContain('<meta name="robots" content="noindex">');
    expect(page).toContain('<link rel="canonical" href="https://passerelle.example/evenements/corvee-du-parc/">');
    expect(page).toContain('<html lang="fr-CA">');
    expect(file('/en/e/7K2/index.html')).toContain('url=/en/events/park-clean-up/');
    expect(file('/en/e/7K2/index.html')).toContain('<html lang="en-CA">');
  });

  it('escape the title', () => {
    const call = targets.find((t) => t.type === 'calls')!;
    expect(redirectPage(call, site)).toContain('<title>Bénévoles &lt;recherchés&gt; &amp; &quot;vite&quot;</title>');
    // Without a summary, a link preview shows the item's title.
    expect(redirectPage(call, site)).toContain('<meta name="description" content="Bénévoles &lt;recherchés&gt; &amp; &quot;vite&quot;">');
    expect(redirectPage({ ...call, summary: 'Deux heures par semaine, près de chez vous.' }, site)).toContain(
      '<meta name="description" content="Deux heures par semaine, près de chez vous.">',
    );
  });

  it('write _redirects with permanent redirects, with and without the final slash, in both cases', () => {
    const lines = file('/_redirects')!.trimEnd().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '/e/7K2 /evenements/corvee-du-parc/ 301',
        '/e/7K2/ /evenements/corvee-du-parc/ 301',
        '/e/7k2 /evenements/corvee-du-parc/ 301',
        '/e/7k2/ /evenements/corvee-du-parc/ 301',
        '/en/e/7K2 /en/events/park-clean-up/ 301',
        '/a/AP3 /appels/benevoles/ 301',
      ]),
    );
    expect(lines).toHaveLength(targets.length * 4);
    for (const line of lines) expect(line).toMatch(/^\/(en\/)?[eacp]\/[2-9a-hjkmnp-zA-HJKMNP-Z]{3,8}\/? \/\S+\/ 301$/);
  });

  it('write an nginx map, one case-insensitive entry per link', () => {
    const lines = file('/short-links.nginx.map')!.trimEnd().split('\n');
    expect(lines).toHaveLength(targets.length);
    expect(lines).toContain('~*^/e/7K2/?$ /evenements/corvee-du-parc/;');
    expect(lines).toContain('~*^/en/e/7K2/?$ /en/events/park-clean-up/;');
    expect(lines).toContain('~*^/p/7K2/?$ /petitions/abribus/;');
  });

  it('refuse two items with one code of the same kind rather than send posters to the wrong page', () => {
    const clash: ShortLinkTarget[] = [
      { type: 'events', code: 'ABC', locale: 'fr', slug: 'un', title: 'Un' },
      { type: 'events', code: 'ABC', locale: 'fr', slug: 'deux', title: 'Deux' },
    ];
    expect(() => shortLinkFiles(clash, site)).toThrow(/\/e\/abc\/ would lead to both un and deux/);
  });
});
