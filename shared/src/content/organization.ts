import { z } from 'zod';
import { isoDateTime, neighbourhoodRefSchema, neighbourhoodRefSelection, optionalText, slugSchema } from './common.ts';

export const organizationKinds = ['community_group', 'health_network', 'municipality', 'other'] as const;
export type OrganizationKind = (typeof organizationKinds)[number];

export const organizationSelection = `documentId slug name kind description phone email website address locale updatedAt
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
  locale: z.enum(['fr', 'en']),
  updatedAt: isoDateTime,
  neighbourhood: neighbourhoodRefSchema.nullish().transform((v) => v ?? null),
});

export type Organization = z.infer<typeof organizationSchema>;
