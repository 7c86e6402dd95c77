import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strapiFrenchMediaLibrary } from '../../cms/src/admin/strapi-french-media-library.ts';

/**
 * The Media Library's French (cms/src/admin/strapi-french-media-library.ts) against Strapi's own
 * English: every key is one Strapi looks up, and every translation keeps the same placeholders, so
 * a Strapi upgrade that renames a key or a variable fails here rather than showing English or "{count}".
 */
const require = createRequire(join(import.meta.dirname, '../../cms/package.json'));
const strapiDir = dirname(require.resolve('@strapi/strapi/package.json'));
const uploadDir = dirname(createRequire(join(strapiDir, 'package.json')).resolve('@strapi/upload/package.json'));
const translations = (language: string): Record<string, string> => {
  const module = createRequire(join(uploadDir, 'package.json'))(join(uploadDir, `dist/admin/translations/${language}.json.js`)) as { default?: Record<string, string> } & Record<string, string>;
  return module.default ?? module;
};
const strapiEnglish = translations('en');
/** What Strapi's own fr.json already says. */
const strapiFrench = translations('fr');

/** `{count, plural, …}` and `{name}` alike: the variable names a message uses. */
const variables = (message: string) => new Set([...message.matchAll(/\{(\w+)(?:,|\})/g)].map((m) => m[1]));

describe('the Media Library in French', () => {
  const entries = Object.entries(strapiFrenchMediaLibrary);

  it('translates keys Strapi 5.54’s upload plugin has, under its prefix, and only those its fr.json lacks', () => {
    expect(entries.length).toBeGreaterThan(200);
    for (const [key] of entries) {
      expect(key.startsWith('upload.'), key).toBe(true);
      expect(strapiEnglish[key.slice('upload.'.length)], key).toBeTypeOf('string');
      expect(strapiFrench[key.slice('upload.'.length)], key).toBeUndefined();
    }
  });

  it('keeps each message’s variables and is not left in English', () => {
    for (const [key, french] of entries) {
      const englishText = strapiEnglish[key.slice('upload.'.length)]!;
      expect(variables(french), key).toEqual(variables(englishText));
      if (!['Dimensions', 'Extension', 'Type', 'Document', 'Audio', 'Image', 'X', 'Y'].includes(french)) expect(french, key).not.toBe(englishText);
    }
  });

  it('covers what an OC sees in the library: the list, filters, sorting, folders, details and upload progress', () => {
    const covered = new Set([...entries.map(([key]) => key.slice('upload.'.length)), ...Object.keys(strapiFrench)]);
    const daily = Object.keys(strapiEnglish).filter((key) => /^(list\.(empty|filters|sort|search|assets|table|bulk-actions\.(move|delete|select|clear|label|selected))|folder\.|sidebar\.|asset-details\.(?!.*\.ai$)|upload\.progress\.(?!.*[mM]etadata)|header\.|view\.)/.test(key));
    expect(daily.filter((key) => !covered.has(key))).toEqual([]);
  });
});
