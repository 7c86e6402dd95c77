import { z } from 'zod';
import {
  baseItemSelection,
  baseItemShape,
  contactSchema,
  contactSelection,
  foldImage,
  imageSelection,
  imageShape,
  optionalDateTime,
  placeSchema,
  placeSelection,
} from './common.ts';

/** Kinds of call to participate (appel à participation) an OC publishes. */
export const callKinds = ['volunteering', 'committee', 'public_meeting', 'survey', 'other'] as const;
export type CallKind = (typeof callKinds)[number];

export const callSelection = `${baseItemSelection}
  kind startsAt endsAt deadline
  place { ${placeSelection} }
  contact { ${contactSelection} }
  ${imageSelection}`;

export const callSchema = z
  .object({
    ...baseItemShape,
    ...imageShape,
    kind: z.enum(callKinds),
    startsAt: optionalDateTime,
    endsAt: optionalDateTime,
    /** A calendar date (YYYY-MM-DD): the last day to answer the call. */
    deadline: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullish()
      .transform((v) => v ?? null),
    place: placeSchema.nullish().transform((v) => v ?? null),
    contact: contactSchema.nullish().transform((v) => v ?? null),
  })
  .refine((c) => !c.startsAt || !c.endsAt || c.endsAt > c.startsAt, { message: 'call ends before it starts' })
  .transform(foldImage);

export type CallToParticipate = z.infer<typeof callSchema>;
