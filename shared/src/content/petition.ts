import { z } from 'zod';
import { baseItemSelection, baseItemShape, isoDateTime, optionalText } from './common.ts';
import { outcomeSelection, outcomeShape, petitionOutcomeStatuses } from './outcome.ts';

export const petitionStatuses = ['open', 'closed', 'delivered', 'answered'] as const;
export type PetitionStatus = (typeof petitionStatuses)[number];

/**
 * `status: petitionStatus` is a GraphQL alias: `status` is reserved by Strapi 5's draft & publish
 * (the admin panel overwrites a field of that name with "draft"/"published"), so the CMS field is
 * `petitionStatus`, and the site keeps reading `status`.
 */
export const petitionSelection = `${baseItemSelection}
  demand addressee signatureGoal opensAt closesAt status: petitionStatus response paperSignatures
  ${outcomeSelection}`;

export const petitionSchema = z
  .object({
    ...baseItemShape,
    demand: z.string().min(1),
    addressee: z.string().min(1),
    signatureGoal: z.number().int().positive().nullish().transform((v) => v ?? null),
    opensAt: isoDateTime,
    closesAt: isoDateTime,
    status: z.enum(petitionStatuses),
    response: optionalText,
    paperSignatures: z.number().int().nonnegative().nullish().transform((v) => v ?? 0),
    ...outcomeShape(petitionOutcomeStatuses),
  })
  .refine((p) => p.closesAt > p.opensAt, { message: 'petition closes before it opens' });

export type Petition = z.infer<typeof petitionSchema>;
