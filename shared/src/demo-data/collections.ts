import { z } from 'zod';
import { accessCosts, accessOffers, languageCodeSchema, openingHoursSchema } from '../content/access-point.ts';
import { maxClosureReason, maxClosures } from '../content/closure.ts';
import { callKinds } from '../content/call.ts';
import { parseChapterTime } from '../content/episode.ts';
import { questionKinds } from '../content/consultation.ts';
import { eventKinds, registrationModes } from '../content/event.ts';
import { fsaSchema, phoneMenuNumberSchema } from '../content/neighbourhood.ts';
import { organizationKinds } from '../content/organization.ts';
import { petitionStatuses } from '../content/petition.ts';
import { consultationOutcomeStatuses, OUTCOME_TEXT_MAX_LENGTH, petitionOutcomeStatuses } from '../content/outcome.ts';
import { seatsPerRegistrationCeiling } from '../participation/rsvp.ts';
import {
  boundaryInput,
  checkImageAlt,
  checkInQuebec,
  checkTwinKeys,
  checkWindow,
  contactInput,
  dayOffset,
  demoEmail,
  demoPhone,
  demoSlug,
  demoWebsite,
  durationMinutes,
  imageAlt,
  imageInput,
  placeInput,
  slugRef,
  slugRefList,
  summary,
  text,
  title,
  twins,
  wallClockTime,
} from './fields.ts';

/** One schema per file of cms/data (format: cms/data/README.md), for one entry of that file. */

const draft = z.boolean().optional();
const custom = z.ZodIssueCode.custom;

export const neighbourhoodInput = z
  .object({
    slug: demoSlug,
    draft,
    territory: text.describe('the CLSC name'),
    lat: z.number(),
    lng: z.number(),
    fsas: z.array(fsaSchema),
    /** The phone line's keypad number (posters, the neighbourhood page). */
    phoneMenuNumber: phoneMenuNumberSchema.optional(),
    boundary: boundaryInput.optional(),
    // Private list of the OCs who review drafts here; reserved domain so no real person gets mail.
    ocEmails: z.array(demoEmail).optional(),
    ...twins(z.object({ name: text }).strict()),
  })
  .strict()
  .superRefine((n, ctx) => {
    checkInQuebec(n.lat, n.lng, 'centroid', ctx);
    // A draft neighbourhood being prepared may not have its postal codes yet.
    if (n.fsas.length === 0 && n.draft !== true) ctx.addIssue({ code: custom, path: ['fsas'], message: 'must be a non-empty array' });
  });

export const topicInput = z.object({ slug: demoSlug, draft, ...twins(z.object({ name: text }).strict()) }).strict();

export const organizationInput = z
  .object({
    slug: demoSlug,
    draft,
    name: text,
    kind: z.enum(organizationKinds),
    phone: demoPhone.optional(),
    email: demoEmail.optional(),
    website: demoWebsite.optional(),
    address: text.optional(),
    neighbourhood: slugRef,
    // Public facts shown on the organization's page and in the space's directory (decision 0039).
    ...twins(z.object({ description: text, openingHours: text.optional(), languages: text.optional(), accessibility: text.optional() }).strict()),
  })
  .strict();

/** Fields every item (event, call, consultation, petition) has. */
const itemShape = {
  slug: demoSlug,
  draft,
  organization: slugRef,
  neighbourhoods: slugRefList('neighbourhood'),
  topics: slugRefList('topic'),
};

export const eventInput = z
  .object({
    ...itemShape,
    startsInDays: dayOffset,
    time: wallClockTime,
    durationMinutes,
    /** `formation`: a peer training session, about `trainingModule` (a training module's slug). */
    kind: z.enum(eventKinds).optional(),
    trainingModule: slugRef.optional(),
    registrationMode: z.enum(registrationModes),
    registrationUrl: z.string().regex(/^https:\/\//, 'must be an https:// address').optional(),
    capacity: z.number().int('must be a whole number').min(0).optional(),
    // People per online registration: the CMS accepts 1–20 (4 when unset).
    maxSeatsPerRegistration: z.number().int('must be a whole number').min(1).max(seatsPerRegistrationCeiling).optional(),
    cancelled: z.boolean().optional(),
    place: placeInput(true),
    contact: contactInput.optional(),
    image: imageInput.optional(),
    ...twins(z.object({ title, summary, body: text, cost: text, imageAlt: imageAlt.optional(), cancellationNote: text.pipe(z.string().max(200)).optional() }).strict()),
  })
  .strict()
  .superRefine((e, ctx) => {
    checkTwinKeys(e, ['cancellationNote'], ctx);
    if (e.trainingModule !== undefined && e.kind !== 'formation') {
      ctx.addIssue({ code: custom, path: ['trainingModule'], message: 'a training module needs "kind": "formation"' });
    }
    if (e.fr.cancellationNote !== undefined && e.cancelled !== true) {
      ctx.addIssue({ code: custom, path: ['fr', 'cancellationNote'], message: 'a cancellation note needs "cancelled": true' });
    }
    if (e.registrationMode === 'external' && (e.registrationUrl === undefined || e.registrationUrl.trim() === '')) {
      ctx.addIssue({ code: custom, path: ['registrationUrl'], message: 'registrationMode "external" needs a registrationUrl' });
    }
    checkImageAlt(e, ctx);
  });

export const callInput = z
  .object({
    ...itemShape,
    kind: z.enum(callKinds),
    startsInDays: dayOffset.optional(),
    time: wallClockTime.optional(),
    durationMinutes: durationMinutes.optional(),
    deadlineInDays: dayOffset.optional(),
    place: placeInput(false).optional(),
    contact: contactInput,
    image: imageInput.optional(),
    ...twins(z.object({ title, summary, body: text, imageAlt: imageAlt.optional() }).strict()),
  })
  .strict()
  .superRefine((c, ctx) => {
    // A call's moment is optional, but a time or a duration means nothing without its day.
    if (c.startsInDays !== undefined && c.time === undefined) {
      ctx.addIssue({ code: custom, path: ['time'], message: 'missing (needed with startsInDays)' });
    }
    for (const key of ['time', 'durationMinutes'] as const) {
      if (c[key] !== undefined && c.startsInDays === undefined) {
        ctx.addIssue({ code: custom, path: [key], message: `"${key}" without "startsInDays"` });
      }
    }
    checkImageAlt(c, ctx);
  });

const questionBlock = z.object({ prompt: text, options: z.array(text) }).strict();

export const questionInput = z
  .object({ kind: z.enum(questionKinds), required: z.boolean(), ...twins(questionBlock) })
  .strict()
  .superRefine((q, ctx) => {
    for (const locale of ['fr', 'en'] as const) {
      const options = q[locale].options;
      const path = [locale, 'options'];
      if (new Set(options).size !== options.length) ctx.addIssue({ code: custom, path, message: 'an option is listed twice' });
      if ((q.kind === 'single' || q.kind === 'multiple') && options.length < 2) {
        ctx.addIssue({ code: custom, path, message: `a ${q.kind} question needs at least two options` });
      }
      if ((q.kind === 'text' || q.kind === 'scale') && options.length > 0) {
        ctx.addIssue({ code: custom, path, message: `a ${q.kind} question takes no options (scale is always 1–5)` });
      }
    }
    if (q.fr.options.length !== q.en.options.length) {
      ctx.addIssue({ code: custom, message: `fr has ${q.fr.options.length} options but en has ${q.en.options.length}` });
    }
  });

/** An outcome: its status, its day (days from now, in the past), and its text in each language. */
const outcomeInput = <S extends readonly [string, ...string[]]>(statuses: S) => z.object({ status: z.enum(statuses), inDays: dayOffset.max(0, 'an outcome is in the past (inDays ≤ 0)') }).strict();
const outcomeText = text.pipe(z.string().max(OUTCOME_TEXT_MAX_LENGTH)).optional();

/** An outcome's text goes with an outcome, and an outcome comes once the item has closed. */
function checkOutcome(item: { outcome?: unknown; closesInDays: number; fr: { outcomeText?: string } }, ctx: z.RefinementCtx): void {
  if (item.fr.outcomeText !== undefined && item.outcome === undefined) ctx.addIssue({ code: custom, message: 'has an outcomeText but no outcome' });
  if (item.outcome !== undefined && item.closesInDays > 0) ctx.addIssue({ code: custom, message: 'has an outcome but is still open (closesInDays > 0)' });
}

export const consultationInput = z
  .object({
    ...itemShape,
    opensInDays: dayOffset,
    closesInDays: dayOffset,
    questions: z.array(questionInput).min(1, 'must be a non-empty array'),
    outcome: outcomeInput(consultationOutcomeStatuses).optional(),
    ...twins(z.object({ title, summary, body: text, results: text.optional(), outcomeText }).strict()),
  })
  .strict()
  .superRefine((c, ctx) => {
    checkWindow(c, ctx);
    checkTwinKeys(c, ['results', 'outcomeText'], ctx);
    checkOutcome(c, ctx);
    if (c.fr.results !== undefined && !(c.closesInDays < 0)) {
      ctx.addIssue({ code: custom, message: 'has results but is not closed yet (closesInDays ≥ 0)' });
    }
  });

export const petitionInput = z
  .object({
    ...itemShape,
    opensInDays: dayOffset,
    closesInDays: dayOffset,
    status: z.enum(petitionStatuses),
    signatureGoal: z.number().int('must be a whole number').min(1),
    paperSignatures: z.number().int('must be a whole number').min(0),
    outcome: outcomeInput(petitionOutcomeStatuses).optional(),
    ...twins(z.object({ title, summary, demand: text, addressee: text, body: text.optional(), response: text.optional(), outcomeText }).strict()),
  })
  .strict()
  .superRefine((p, ctx) => {
    checkWindow(p, ctx);
    checkTwinKeys(p, ['body', 'response', 'outcomeText'], ctx);
    checkOutcome(p, ctx);
    // The status must agree with the dates, or the site would show "open" on a petition that ended.
    // An open petition may start later: the site then says when signing opens.
    if (p.status === 'open' && !(p.closesInDays > 0)) ctx.addIssue({ code: custom, message: 'status "open" needs closesInDays > 0' });
    if (p.status !== 'open' && p.closesInDays > 0) ctx.addIssue({ code: custom, message: `status "${p.status}" needs closesInDays ≤ 0` });
    const hasResponse = p.fr.response !== undefined;
    if (p.status === 'answered' && !hasResponse) ctx.addIssue({ code: custom, message: 'status "answered" needs a response' });
    if (p.status !== 'answered' && hasResponse) ctx.addIssue({ code: custom, message: 'only an "answered" petition has a response' });
  });

/**
 * A closure of an access point, relative to the seeding day like every demo date
 * (`startsInDays`/`endsInDays`, both included), or a yearly one (`from`/`to` as `MM-DD`, the next
 * occurrence not over yet: `12-24` to `01-02` is the coming holiday break).
 */
const monthDay = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'is not MM-DD');
const closureReasons = { fr: z.string().min(1).max(maxClosureReason).optional(), en: z.string().min(1).max(maxClosureReason).optional() };
export const closureInput = z.union([
  z
    .object({ startsInDays: z.number().int(), endsInDays: z.number().int(), ...closureReasons })
    .strict()
    .refine((c) => c.endsInDays >= c.startsInDays, 'ends before it starts'),
  z.object({ from: monthDay, to: monthDay, ...closureReasons }).strict(),
]);

/**
 * A digital access point: a place to get online or get help for free. Demo entries use the fictional
 * 514-555-01xx numbers and describe places of the kind found in each neighbourhood (libraries,
 * community centres, CLSC waiting rooms), not real opening hours.
 */
export const accessPointInput = z
  .object({
    slug: demoSlug,
    draft,
    name: text,
    address: text,
    lat: z.number(),
    lng: z.number(),
    offers: z.array(z.enum(accessOffers)).min(1, 'must offer something').refine((l) => new Set(l).size === l.length, 'lists an offer twice'),
    openingHours: z.array(openingHoursSchema),
    closedOnQuebecHolidays: z.boolean().optional(),
    closures: z.array(closureInput).max(maxClosures).optional(),
    languages: z.array(languageCodeSchema).min(1, 'must name at least one language'),
    cost: z.enum(accessCosts),
    phone: demoPhone.optional(),
    organization: slugRef.optional(),
    neighbourhoods: slugRefList('neighbourhood'),
    ...twins(z.object({ summary, accessibilityNotes: text }).strict()),
  })
  .strict()
  .superRefine((a, ctx) => checkInQuebec(a.lat, a.lng, 'coordinates', ctx, 'are'));

/**
 * A balado episode. Its audio is not in the file: the seed speaks the start of the French transcript
 * (espeak-ng, or a tone where it is missing) into a `audioSeconds`-long file and uploads it, so demo
 * episodes go through the same transcoding as an editor's.
 */
const chapterInput = z.object({ start: z.string().refine((t) => parseChapterTime(t) !== null, 'is not MM:SS'), title: text }).strict();
export const episodeInput = z
  .object({
    slug: demoSlug,
    draft,
    releaseInDays: dayOffset.max(0, 'must be today or in the past'),
    audioSeconds: z.number().int().min(10).max(600),
    season: z.number().int().min(1).optional(),
    episodeNumber: z.number().int().min(1).optional(),
    ...twins(
      z
        .object({
          title,
          summary,
          series: text,
          transcript: text,
          chapters: z.array(chapterInput),
          guests: z.array(z.object({ name: text, role: text.optional() }).strict()),
        })
        .strict(),
    ),
  })
  .strict()
  .superRefine((e, ctx) => {
    for (const locale of ['fr', 'en'] as const) {
      e[locale].chapters.forEach((c, i) => {
        if ((parseChapterTime(c.start) ?? 0) >= e.audioSeconds) ctx.addIssue({ code: custom, path: [locale, 'chapters', i, 'start'], message: 'starts after the audio ends' });
      });
    }
  });

/**
 * A training module (docs/training.md). Units are localized blocks in the same order in both
 * locales; a unit's `episode` is the slug of a balado episode and is the same in both.
 */
const trainingChoiceInput = z.object({ text, correct: z.boolean().optional(), feedback: text }).strict();
const trainingQuestionInput = z
  .object({ prompt: text, choices: z.array(trainingChoiceInput).min(2) })
  .strict()
  .refine((q) => q.choices.filter((c) => c.correct === true).length === 1, 'needs exactly one choice with "correct": true');
const trainingUnitInput = z
  .object({ title, body: text, fiche: text, prompts: text, episode: demoSlug.optional(), questions: z.array(trainingQuestionInput).min(1) })
  .strict();
export const trainingModuleInput = z
  .object({
    slug: demoSlug,
    draft,
    /** Shown as demo content on the site. */
    demo: z.boolean().optional(),
    topics: slugRefList('topic'),
    ...twins(z.object({ title, summary, units: z.array(trainingUnitInput).min(1) }).strict()),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.fr.units.length !== m.en.units.length) ctx.addIssue({ code: custom, path: ['en', 'units'], message: 'has not as many units as in French' });
    m.fr.units.forEach((unit, i) => {
      if (unit.episode !== m.en.units[i]?.episode) ctx.addIssue({ code: custom, path: ['en', 'units', i, 'episode'], message: 'is not the French unit\'s episode' });
    });
  });

/** The schema of one entry of each file, keyed like shared's content-type registry (`contentTypes`). */
export const demoItemSchemas = {
  neighbourhoods: neighbourhoodInput,
  topics: topicInput,
  organizations: organizationInput,
  events: eventInput,
  calls: callInput,
  consultations: consultationInput,
  petitions: petitionInput,
  accessPoints: accessPointInput,
  episodes: episodeInput,
  trainingModules: trainingModuleInput,
} as const;

export type DemoCollection = keyof typeof demoItemSchemas;
export type DemoItem<C extends DemoCollection> = z.infer<(typeof demoItemSchemas)[C]>;
export type NeighbourhoodInput = DemoItem<'neighbourhoods'>;
export type TopicInput = DemoItem<'topics'>;
export type OrganizationInput = DemoItem<'organizations'>;
export type EventInput = DemoItem<'events'>;
export type CallInput = DemoItem<'calls'>;
export type ConsultationInput = DemoItem<'consultations'>;
export type PetitionInput = DemoItem<'petitions'>;
export type AccessPointInput = DemoItem<'accessPoints'>;
export type EpisodeInput = DemoItem<'episodes'>;
export type TrainingModuleInput = DemoItem<'trainingModules'>;
export type QuestionInput = z.infer<typeof questionInput>;
