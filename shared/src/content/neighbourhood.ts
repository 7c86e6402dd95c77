import { z } from 'zod';
import { isInQuebec } from '../geo.ts';
import { isoDateTime, slugSchema } from './common.ts';

export const neighbourhoodSelection = `documentId slug name territory lat lng boundary fsas phoneMenuNumber locale updatedAt`;

/** The number a caller keys in on the phone line to hear this neighbourhood's week (1–999, one per neighbourhood). */
export const phoneMenuNumberSchema = z.number().int().min(1).max(999);

/** A GeoJSON Polygon or MultiPolygon: [lng, lat] rings. */
const ring = z.array(z.tuple([z.number(), z.number()])).min(4);
export const boundarySchema = z.union([
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)).min(1) }),
]);
export type Boundary = z.infer<typeof boundarySchema>;

export const fsaSchema = z.string().regex(/^[GHJ]\d[A-Z]$/, 'a Québec FSA looks like H2X');

export const neighbourhoodSchema = z
  .object({
    documentId: z.string().min(1),
    slug: slugSchema,
    name: z.string().min(1),
    territory: z.string().min(1),
    lat: z.number(),
    lng: z.number(),
    boundary: boundarySchema.nullish().transform((v) => v ?? null),
    fsas: z.array(fsaSchema).nullish().transform((v) => v ?? []),
    phoneMenuNumber: phoneMenuNumberSchema.nullish().transform((v) => v ?? null),
    locale: z.enum(['fr', 'en']),
    updatedAt: isoDateTime,
  })
  .refine((n) => isInQuebec(n.lat, n.lng), { message: 'centroid is outside Québec' });

export type Neighbourhood = z.infer<typeof neighbourhoodSchema>;
