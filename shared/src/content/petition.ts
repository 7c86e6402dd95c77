import { z } from 'zod';
import { baseItemSelection, baseItemShape, isoDateTime, optionalText } from './common.ts';

export const petitionStatuses = ['open', 'closed', 'delivered', 'answered'] as const;
export type PetitionStatus = (typeof petitionStatuses)[number];

export const petitionSelection = `${baseItemSelection}
  demand addressee signatureGoal opensAt closesAt status response paperSignatures`;

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
  })
  .refine((p) => p.closesAt > p.opensAt, { message: 'petition closes before it opens' });

export type Petition = z.infer<typeof petitionSchema>;
