import { z } from 'zod';
import { isoDateTime, neighbourhoodRefSchema, neighbourhoodRefSelection, optionalText, slugSchema } from './common.ts';

export const organizationKinds = ['community_group', 'health_network', 'municipality', 'other'] as const;
export type OrganizationKind = (typeof organizationKinds)[number];

/**
 * The public fields only: the directory's people (decision 0039) live on private member records
 * and are never selected here; a security test holds the GraphQL type to these fields.
 */
export const organizationSelection = `documentId slug name kind description phone email website address openingHours languages accessibility locale updatedAt
  neighbourhood { ${neighbourhoodRefSelection} }`;

export const organizationSchema = z.object({
  documentId: z.string().min(1),
  slug: slugSchema,
  name: z.string().min(1),
  kind: z.enum(organizationKinds),
  description: optionalText,
  phone: optionalText,
  email: optionalText,
  website: optionalText,
  address: optionalText,
  /** Free text in the CMS ("Lundi au vendredi, 9 h à 17 h"): organizations' hours are too varied for the access points' structure. */
  openingHours: optionalText,
  languages: optionalText,
  accessibility: optionalText,
  locale: z.enum(['fr', 'en']),
  updatedAt: isoDateTime,
  neighbourhood: neighbourhoodRefSchema.nullish().transform((v) => v ?? null),
});

export type Organization = z.infer<typeof organizationSchema>;
