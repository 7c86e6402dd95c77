import { z } from 'zod';
import {
  baseItemSelection,
  baseItemShape,
  contactSchema,
  contactSelection,
  foldImage,
  imageSelection,
  imageShape,
  isoDateTime,
  optionalDateTime,
  optionalText,
  placeSchema,
  placeSelection,
  slugSchema,
} from './common.ts';
import { defaultMaxSeatsPerRegistration, seatsPerRegistrationCeiling } from '../participation/rsvp.ts';

export const registrationModes = ['none', 'form', 'phone', 'external'] as const;

/** `formation`: a peer training session an OC announces, shown on its training module's page (docs/training.md). */
export const eventKinds = ['community', 'formation'] as const;
export type EventKind = (typeof eventKinds)[number];
export type RegistrationMode = (typeof registrationModes)[number];

export const eventSelection = `${baseItemSelection}
  startsAt endsAt kind cost registrationMode registrationUrl capacity maxSeatsPerRegistration cancelled cancellationNote
  place { ${placeSelection} }
  contact { ${contactSelection} }
  trainingModule { slug title }
  ${imageSelection}`;

export const eventSchema = z
  .object({
    ...baseItemShape,
    ...imageShape,
    startsAt: isoDateTime,
    endsAt: optionalDateTime,
    kind: z.enum(eventKinds).nullish().transform((v) => v ?? 'community'),
    /** The module a training session is about. */
    trainingModule: z.object({ slug: slugSchema, title: z.string().min(1) }).nullish().transform((v) => v ?? null),
    cost: optionalText,
    registrationMode: z.enum(registrationModes).nullish().transform((v) => v ?? 'none'),
    registrationUrl: optionalText,
    capacity: z.number().int().nonnegative().nullish().transform((v) => v ?? null),
    // People one online registration may bring; unset on events made before the field existed.
    maxSeatsPerRegistration: z
      .number()
      .int()
      .min(1)
      .max(seatsPerRegistrationCeiling)
      .nullish()
      .transform((v) => v ?? defaultMaxSeatsPerRegistration),
    // Cancelled by its organizers: still published, so whoever planned to come finds out (page,
    // lists, map, calendars, feeds); registrations are refused and registrants told (docs/participation.md).
    cancelled: z.boolean().nullish().transform((v) => v ?? false),
    /** A few words with the cancellation: why, or where it moved. */
    cancellationNote: optionalText,
    place: placeSchema,
    contact: contactSchema.nullish().transform((v) => v ?? null),
  })
  .refine((e) => !e.endsAt || e.endsAt > e.startsAt, { message: 'event ends before it starts' })
  .transform(foldImage);

export type CommunityEvent = z.infer<typeof eventSchema>;
