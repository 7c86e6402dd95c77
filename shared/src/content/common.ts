import { z } from 'zod';
import { isShortCode } from '../short-links.ts';
import { isInQuebec } from '../geo.ts';

/**
 * Shapes shared by several content types, as the site consumes them from Strapi's GraphQL API.
 * Each schema sits next to the GraphQL selection that produces it, so the two change together.
 */

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

export const slugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug must be lower-case words joined by hyphens');

/** Optional text from the CMS: empty strings become null so templates test one thing. */
export const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : null));

export const isoDateTime = z.string().datetime({ offset: true });
export const optionalDateTime = isoDateTime.nullish().transform((v) => v ?? null);

export const neighbourhoodRefSelection = `slug name`;
export const neighbourhoodRefSchema = z.object({ slug: slugSchema, name: z.string().min(1) });
export type NeighbourhoodRef = z.infer<typeof neighbourhoodRefSchema>;

export const topicRefSelection = `slug name`;
export const topicRefSchema = z.object({ slug: slugSchema, name: z.string().min(1) });
export type TopicRef = z.infer<typeof topicRefSchema>;

export const organizationRefSelection = `slug name phone email website`;
export const organizationRefSchema = z.object({
  slug: slugSchema,
  name: z.string().min(1),
  phone: optionalText,
  email: optionalText,
  website: optionalText,
});
export type OrganizationRef = z.infer<typeof organizationRefSchema>;

export const placeSelection = `venueName address lat lng accessibilityNotes transitHint`;
export const placeSchema = z
  .object({
    venueName: z.string().min(1),
    address: z.string().min(1),
    lat: latitude,
    lng: longitude,
    accessibilityNotes: optionalText,
    transitHint: optionalText,
  })
  .refine((p) => isInQuebec(p.lat, p.lng), { message: 'place coordinates are outside Québec' });
export type Place = z.infer<typeof placeSchema>;

export const contactSelection = `name phone email textingOk`;
export const contactSchema = z.object({
  name: optionalText,
  phone: optionalText,
  email: optionalText,
  textingOk: z.boolean().nullish().transform((v) => v ?? false),
});
export type Contact = z.infer<typeof contactSchema>;

export const imageSelection = `image { url width height alternativeText formats } imageAlt`;

/** Widest image the site shows (a detail page's column); Strapi's `small` format is made for it. */
export const IMAGE_DISPLAY_WIDTH = 500;

const imageFileSchema = z.object({
  url: z.string().min(1),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

/**
 * `formats` is untyped JSON in Strapi's GraphQL schema. Only the formats the site may start from are
 * read (cms/config/plugins.ts `breakpoints`); the rest (thumbnail, sizes an admin adds) is dropped.
 * Nullish, not optional: `foldImage` parses the already-transformed value a second time.
 */
const formatsSchema = z
  .object({ small: imageFileSchema.nullish(), xsmall: imageFileSchema.nullish() })
  .passthrough()
  .nullish()
  .transform((f) => ({ small: f?.small ?? null, xsmall: f?.xsmall ?? null }));

const mediaSchema = z.object({
  url: z.string().min(1),
  width: z.number().int().positive().nullish(),
  height: z.number().int().positive().nullish(),
  alternativeText: z.string().nullish(),
  formats: formatsSchema,
});

export const imageShape = {
  image: mediaSchema.nullish(),
  imageAlt: z.string().nullish(),
};

export interface ImageSource {
  url: string;
  width: number;
  height: number;
}

export interface ImageValue {
  /** The smallest stored file at least as wide as the display width (or the widest there is). */
  source: ImageSource;
  alt: string;
}

type Media = z.infer<typeof mediaSchema>;

/** Downscaling never needs more than the display width; upscaling a smaller format would blur it. */
export function pickImageSource(media: Media): ImageSource | null {
  const original = media.width && media.height ? { url: media.url, width: media.width, height: media.height } : null;
  const candidates = [media.formats.xsmall, media.formats.small, original].filter((c): c is ImageSource => c !== null);
  if (candidates.length === 0) return null;
  const sorted = candidates.sort((a, b) => a.width - b.width);
  return sorted.find((c) => c.width >= IMAGE_DISPLAY_WIDTH) ?? sorted[sorted.length - 1]!;
}

/**
 * Folds `image` + `imageAlt` into one value. An image without alternative text is refused here too
 * (the CMS refuses it first): a picture nobody can describe to a screen-reader user is not shown.
 * Neither is one without known dimensions: the page must reserve its space (no layout shift).
 */
export function foldImage<T extends { image?: unknown; imageAlt?: unknown }>(
  raw: T,
): Omit<T, 'image' | 'imageAlt'> & { image: ImageValue | null } {
  const { image, imageAlt, ...rest } = raw;
  const media = mediaSchema.nullish().parse(image);
  const alt = (typeof imageAlt === 'string' ? imageAlt.trim() : '') || media?.alternativeText?.trim() || '';
  const source = media ? pickImageSource(media) : null;
  return { ...rest, image: source && alt ? { source, alt } : null };
}

/** Fields shared by every public content type shown on the site. */
export const baseItemSelection = `documentId slug shortCode title summary body locale updatedAt publishedAt
  organization { ${organizationRefSelection} }
  neighbourhoods { ${neighbourhoodRefSelection} }
  topics { ${topicRefSelection} }`;

export const baseItemShape = {
  documentId: z.string().min(1),
  slug: slugSchema,
  // The CMS draws it at creation (shared/src/short-links.ts); anything else is no short link, not a broken item.
  shortCode: z
    .string()
    .nullish()
    .transform((v) => (isShortCode(v) ? v : null)),
  title: z.string().min(1).max(200),
  summary: z.string().min(1).max(280),
  body: optionalText,
  locale: z.enum(['fr', 'en']),
  updatedAt: isoDateTime,
  publishedAt: optionalDateTime,
  organization: organizationRefSchema.nullish().transform((v) => v ?? null),
  neighbourhoods: z.array(neighbourhoodRefSchema).default([]),
  topics: z.array(topicRefSchema).default([]),
};
