import { z } from 'zod';
import { isInQuebec } from '../geo.ts';
import { isWallClockTime } from '../dates.ts';
import { closureSchema, closureSelection } from './closure.ts';
import { isoDateTime, neighbourhoodRefSchema, neighbourhoodRefSelection, optionalDateTime, optionalText, organizationRefSchema, organizationRefSelection, slugSchema } from './common.ts';

/** What a digital access point offers residents, free or nearly: the CMS stores the list as JSON. */
export const accessOffers = ['computers', 'wifi', 'device_lending', 'help_sessions', 'printing', 'charging'] as const;
export type AccessOffer = (typeof accessOffers)[number];

export const accessCosts = ['free', 'low_cost'] as const;
export type AccessCost = (typeof accessCosts)[number];

/** Monday first, as Québec calendars print the week. */
export const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof weekdays)[number];

/** Languages help is given in: ISO 639-1 codes (fr, en, es, ar, ht…). */
export const languageCodeSchema = z.string().regex(/^[a-z]{2,3}$/, 'a language is an ISO 639 code such as fr');

const wallClock = z.string().refine(isWallClockTime, 'a time is HH:MM, 24 h');

/** One opening range: a weekday, when it opens and closes (same day). Two ranges a day are two lines. */
export const openingHoursSchema = z
  .object({ weekday: z.enum(weekdays), opens: wallClock, closes: wallClock })
  .refine((h) => h.closes > h.opens, { message: 'closes must be after opens' });
export type OpeningHours = z.infer<typeof openingHoursSchema>;

export const accessPointSelection = `documentId slug name summary address lat lng offers languages accessibilityNotes cost phone locale updatedAt publishedAt
  openingHours { weekday opens closes }
  ${closureSelection}
  organization { ${organizationRefSelection} }
  neighbourhoods { ${neighbourhoodRefSelection} }`;

export const accessPointSchema = z
  .object({
    documentId: z.string().min(1),
    slug: slugSchema,
    name: z.string().min(1),
    summary: z.string().min(1).max(280),
    address: z.string().min(1),
    lat: z.number(),
    lng: z.number(),
    offers: z.array(z.enum(accessOffers)).min(1),
    languages: z.array(languageCodeSchema).nullish().transform((v) => v ?? []),
    accessibilityNotes: optionalText,
    cost: z.enum(accessCosts),
    phone: optionalText,
    openingHours: z.array(openingHoursSchema).nullish().transform((v) => v ?? []),
    closures: z
      .array(closureSchema)
      .nullish()
      .transform((v) => [...(v ?? [])].sort((a, b) => a.startDate.localeCompare(b.startDate))),
    closedOnQuebecHolidays: z.boolean().nullish().transform((v) => v === true),
    locale: z.enum(['fr', 'en']),
    updatedAt: isoDateTime,
    publishedAt: optionalDateTime,
    organization: organizationRefSchema.nullish().transform((v) => v ?? null),
    neighbourhoods: z.array(neighbourhoodRefSchema).default([]),
  })
  .refine((a) => isInQuebec(a.lat, a.lng), { message: 'access point coordinates are outside Québec' });

export type AccessPoint = z.infer<typeof accessPointSchema>;
