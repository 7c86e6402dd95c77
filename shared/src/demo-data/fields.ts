import { z } from 'zod';
import { baseItemShape, slugSchema } from '../content/common.ts';
import { boundarySchema } from '../content/neighbourhood.ts';
import { isWallClockTime } from '../dates.ts';
import { isInQuebec } from '../geo.ts';
import type { Locale } from '../locales.ts';
import { readabilityProblems } from '../readability.ts';

/**
 * Building blocks of the demo-data files (cms/data/README.md). Input shapes, not the site's: the
 * files hold slugs, day offsets and fr/en blocks where the CMS holds relations, instants and locales.
 * Objects are strict because a misspelt optional key ("organisation") would otherwise be dropped.
 */

export const demoSlug = slugSchema;

/** Text a resident reads: present and not only spaces. */
export const text = z.string().refine((s) => s.trim() !== '', 'is empty');

export const title = baseItemShape.title.pipe(text);

/** The site's 280-character limit, and the readability rule the CMS applies to every summary. */
export const summary = baseItemShape.summary.superRefine((s, ctx) => {
  if (s.trim() === '') ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is empty' });
  for (const problem of readabilityProblems(s)) {
    const what = problem === 'longSentences' ? 'sentences too long' : 'too many long words';
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${what} (the CMS refuses it)` });
  }
});

/** Days from the seeding day (negative = in the past); the seed turns them into instants with dates.ts. */
export const dayOffset = z.number().int('must be a whole number');
export const wallClockTime = z.string().refine(isWallClockTime, (v) => ({ message: `"${v}" is not HH:MM` }));
export const durationMinutes = z.number().int('must be a whole number').min(1);

// The fictional 555-01xx range and reserved domains keep real people from getting calls or mail.
/** A string matching `pattern`; the message quotes the value, so the typo shows in the report. */
const matching = (pattern: RegExp, rule: string) => z.string().refine((v) => pattern.test(v), (v) => ({ message: `"${v}" ${rule}` }));
export const demoPhone = matching(/^514-555-01\d\d( poste \d{1,5})?$/, 'is not in the fictional 514-555-01xx range');
export const demoEmail = matching(/^[a-z0-9._-]+@([a-z0-9-]+\.)*example\.org$/i, 'must be an @example.org address');
export const demoWebsite = matching(/^https:\/\/([a-z0-9-]+\.)*example\.org(\/\S*)?$/i, 'must be an https://…example.org address');

/** A reference to another file's entry, by slug; whether it exists is a cross-file rule (dataset.ts). */
export const slugRef = z.string();
export const slugRefList = (what: string) =>
  z
    .array(slugRef)
    .min(1, `must be a non-empty array of ${what} slugs`)
    .refine((list) => new Set(list).size === list.length, `lists the same ${what} twice`);

/** Both locales carry the same block; what one locale has, the other has too (French/English twins). */
export function twins<B extends z.ZodTypeAny>(block: B) {
  return { fr: block, en: block };
}

export function checkTwinKeys(item: Record<Locale, object>, keys: readonly string[], ctx: z.RefinementCtx): void {
  for (const key of keys) {
    if (key in item.fr !== key in item.en) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['en', key], message: `"${key}" is in one locale but not the other` });
    }
  }
}

export function checkInQuebec(lat: number, lng: number, what: string, ctx: z.RefinementCtx, verb = 'is'): void {
  if (!isInQuebec(lat, lng)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${what} (${lat}, ${lng}) ${verb} outside Québec` });
}

const placeTexts = (requireAccessibility: boolean) =>
  z.object({ accessibilityNotes: requireAccessibility ? text : z.string(), transitHint: z.string() }).strict();

/** An event's place must say how to get in (the CMS's validate-content.ts refuses it otherwise). */
export const placeInput = (requireAccessibility: boolean) =>
  z
    .object({ venueName: text, address: text, lat: z.number(), lng: z.number(), ...twins(placeTexts(requireAccessibility)) })
    .strict()
    .superRefine((p, ctx) => checkInQuebec(p.lat, p.lng, 'coordinates', ctx, 'are'));
export type PlaceInput = z.infer<ReturnType<typeof placeInput>>;

export const contactInput = z
  .object({ name: text, textingOk: z.boolean(), phone: demoPhone.optional(), email: demoEmail.optional() })
  .strict()
  .refine((c) => c.phone !== undefined || c.email !== undefined, 'needs a phone or an email');
export type ContactInput = z.infer<typeof contactInput>;

/** `image: { photoSeed }` asks the seed for a generated photo (cms/src/upload/demo-photo.ts). */
export const imageInput = z.object({ photoSeed: z.number().int('must be a whole number').min(1) }).strict();
export type ImageInput = z.infer<typeof imageInput>;
export const imageAlt = z.string().max(250);

/** `imageAlt` belongs beside an image only, and then each locale needs one (the CMS refuses it otherwise). */
export function checkImageAlt(item: { image?: unknown } & Record<Locale, { imageAlt?: string }>, ctx: z.RefinementCtx): void {
  for (const locale of ['fr', 'en'] as const) {
    const alt = item[locale].imageAlt;
    if (item.image === undefined && alt !== undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [locale, 'imageAlt'], message: 'only an item with an image has alternative text' });
    }
    if (item.image !== undefined && (alt === undefined || alt.trim() === '')) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [locale, 'imageAlt'], message: 'an image needs alternative text in each locale' });
    }
  }
}

/** GeoJSON positions are [lng, lat]; a swapped pair lands far outside Québec and is caught here. */
export const boundaryInput = boundarySchema.superRefine((boundary, ctx) => {
  const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
  for (const rings of polygons) {
    for (const ring of rings) {
      const outside = ring.find(([lng, lat]) => !isInQuebec(lat, lng));
      if (outside) {
        const message = `position ${JSON.stringify(outside)} is not a [lng, lat] pair inside Québec`;
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['coordinates'], message });
      }
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['coordinates'], message: 'a ring must end where it starts' });
      }
    }
  }
});

/** `opensInDays` < `closesInDays`: a consultation or petition window. */
export function checkWindow(item: { opensInDays: number; closesInDays: number }, ctx: z.RefinementCtx): void {
  if (!(item.opensInDays < item.closesInDays)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `opensInDays (${item.opensInDays}) must be before closesInDays (${item.closesInDays})`,
    });
  }
}
