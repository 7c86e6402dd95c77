import { errors } from '@strapi/utils';
import { ocEmailsSchema } from '../editorial/reviewers';
import { isInQuebec } from '@passerelle/shared/geo';
import { accessOffers, closureSchema, languageCodeSchema, maxClosures } from '@passerelle/shared/content';
import { measureReadability, READABILITY_LIMITS, readabilityProblems } from '@passerelle/shared/readability';
import type { DocumentMiddleware, StrapiInstance } from './types';

/**
 * Editorial rules the admin panel cannot express, checked on every create/update whoever writes
 * (admin panel, REST, seed). Messages are in French first because editors read them.
 */
export const SUMMARY_MAX_LENGTH = 280;

export const messages = {
  outsideQuebec: (field: string) =>
    `Les coordonnées (${field}) doivent se trouver au Québec : vérifiez la latitude, la longitude et le signe moins ` +
    `(coordinates must be inside Québec).`,
  endsBeforeStart: 'La fin (endsAt) doit être après le début (startsAt) (endsAt must be after startsAt).',
  closesBeforeOpen:
    'La fermeture (closesAt) doit être après l’ouverture (opensAt) (closesAt must be after opensAt).',
  summaryTooLong: (length: number) =>
    `Le résumé compte ${length} caractères : ${SUMMARY_MAX_LENGTH} au maximum ` +
    `(summary must be at most ${SUMMARY_MAX_LENGTH} characters).`,
  badSlug: (slug: string) =>
    `L’identifiant d’URL (slug) « ${slug} » doit être en minuscules, sans accents, avec des traits d’union ` +
    `entre les mots, par exemple « fete-de-quartier » (slug must be lower-case words joined by hyphens).`,
  summaryLongSentences: (average: number) =>
    `Le résumé a des phrases trop longues (${Math.round(average)} mots en moyenne, ` +
    `${READABILITY_LIMITS.maxAverageSentenceWords} au plus) : coupez-les en phrases plus courtes, une idée par phrase ` +
    `(summary sentences are too long: split them).`,
  summaryLongWords: (percent: number) =>
    `Le résumé a trop de mots longs (${percent} % des mots ont ${READABILITY_LIMITS.longWordLetters} lettres ou plus, ` +
    `${Math.round(READABILITY_LIMITS.maxLongWordShare * 100)} % au plus) : remplacez-les par des mots simples, ` +
    `par exemple « aide » plutôt que « accompagnement » (summary has too many long words: use plain words).`,
  placeWithoutAccessibility:
    'Indiquez l’accessibilité du lieu (place.accessibilityNotes) : rampe ou marches, ascenseur, toilettes adaptées, ' +
    'et ce qui manque, dans chaque langue (accessibility notes are required for an event’s place).',
  badOcEmails:
    'Les courriels des OC (ocEmails) doivent être une liste JSON d’adresses valides, par exemple ' +
    '["oc.ahuntsic@cisss.example.org"] (ocEmails must be a JSON list of e-mail addresses).',
  outcomeWithoutDate:
    'Un résultat a besoin de sa date (outcomeDate) : le jour de la réponse ou de la décision ' +
    '(an outcome needs its date).',
  outcomeDateWithoutStatus:
    'Choisissez le résultat (outcomeStatus) qui va avec cette date, ou effacez la date ' +
    '(an outcome date needs an outcome status).',
  badOffers:
    `Ce qui est offert (offers) doit être une liste JSON choisie parmi ${accessOffers.join(', ')}, par exemple ` +
    '["wifi", "computers"] (offers must be a non-empty JSON list of known offers).',
  badLanguages:
    'Les langues (languages) doivent être une liste JSON de codes ISO, par exemple ["fr", "en", "es"] ' +
    '(languages must be a JSON list of ISO 639 codes).',
  closureEndsBeforeStart: (line: number) =>
    `Fermeture ${line} : le dernier jour (endDate) doit être le premier jour (startDate) ou après, par exemple du 24 décembre au 2 janvier ` +
    '(a closure must end on or after its first day).',
  closureBadDay: (line: number) =>
    `Fermeture ${line} : indiquez le premier et le dernier jour fermés, des dates du calendrier (a closure needs a start and an end date).`,
  tooManyClosures: (count: number) =>
    `${count} fermetures : ${maxClosures} au plus. Effacez les fermetures passées ou regroupez les jours qui se suivent ` +
    `(at most ${maxClosures} closures).`,
  closesBeforeOpens:
    'Dans les heures d’ouverture, la fermeture doit être après l’ouverture le même jour, par exemple 10:00 et 17:00 ' +
    '(opening hours: closes must be after opens).',
  selfCheckOneRightChoice: (unit: number, question: number) =>
    `Unité ${unit}, question ${question} : cochez « correct » sur un seul choix, le bon ` +
    '(a self-check question needs exactly one right choice).',
  selfCheckTwoChoices: (unit: number, question: number) =>
    `Unité ${unit}, question ${question} : donnez au moins deux choix de réponse ` +
    '(a self-check question needs at least two choices).',
  imageWithoutAlt:
    'Une image doit avoir un texte alternatif (imageAlt) qui la décrit, dans chaque langue ' +
    '(an image needs alternative text in each locale).',
} as const;

/** The site's URL rule for slugs (shared/src/content/common.ts `slugSchema`): a slug Strapi accepts
 * but the site refuses would make the item vanish from the site with only a build-log warning. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

interface Rules {
  /** Top-level lat/lng (neighbourhood centroid). */
  coordinates?: boolean;
  /** The `place` component's lat/lng. */
  place?: boolean;
  window?: { start: string; end: string; message: string };
  summary?: boolean;
  image?: boolean;
  /** The `place` component must say how accessible it is. */
  placeAccessibility?: boolean;
  /** Private list of the neighbourhood's OC e-mails (review notifications). */
  ocEmails?: boolean;
  /** An outcome's status and day go together: residents are told of one only when both are there. */
  outcome?: boolean;
  /** An access point's JSON lists (offers, languages) and its opening hours. */
  accessPoint?: boolean;
  /** A training module's self-check: each question has two choices or more, exactly one right. */
  selfCheck?: boolean;
}

const rulesByType: Record<string, Rules> = {
  'api::neighbourhood.neighbourhood': { coordinates: true, ocEmails: true },
  'api::topic.topic': {},
  'api::organization.organization': {},
  'api::access-point.access-point': { coordinates: true, summary: true, accessPoint: true },
  'api::episode.episode': { summary: true },
  'api::training-module.training-module': { summary: true, selfCheck: true },
  'api::event.event': {
    place: true,
    window: { start: 'startsAt', end: 'endsAt', message: messages.endsBeforeStart },
    summary: true,
    image: true,
    placeAccessibility: true,
  },
  'api::call.call': {
    place: true,
    window: { start: 'startsAt', end: 'endsAt', message: messages.endsBeforeStart },
    summary: true,
    image: true,
  },
  'api::consultation.consultation': {
    window: { start: 'opensAt', end: 'closesAt', message: messages.closesBeforeOpen },
    summary: true,
    outcome: true,
  },
  'api::petition.petition': {
    window: { start: 'opensAt', end: 'closesAt', message: messages.closesBeforeOpen },
    summary: true,
    outcome: true,
  },
};

const isBlank = (value: unknown) => value === undefined || value === null || value === '';
const isSet = (value: unknown) =>
  !isBlank(value) && !(Array.isArray(value) && value.length === 0) && !(typeof value === 'object' && value !== null && 'id' in value && isBlank((value as { id: unknown }).id));
const time = (value: unknown) => new Date(value as string).getTime();

function fail(message: string, path: string[]): never {
  throw new errors.ValidationError(message, { errors: [{ path, message, name: 'ValidationError' }] });
}

/** Reads the fields a rule needs, from the incoming data first and the stored version otherwise. */
function merged(data: Record<string, any>, existing: Record<string, any> | null, field: string): unknown {
  return field in data ? data[field] : existing?.[field];
}

export function validateContent(strapi: StrapiInstance): DocumentMiddleware {
  return async (ctx, next) => {
    const rules = rulesByType[ctx.uid];
    if (!rules || (ctx.action !== 'create' && ctx.action !== 'update')) return next();
    const data: Record<string, any> = ctx.params?.data ?? {};

    // Updates may carry only a few fields: fetch the stored draft only when a rule needs it.
    const needsExisting =
      ctx.action === 'update' &&
      ctx.params.documentId &&
      ((rules.coordinates && ('lat' in data) !== ('lng' in data)) ||
        (rules.window && (rules.window.start in data) !== (rules.window.end in data)) ||
        (rules.image && ('image' in data) !== ('imageAlt' in data)) ||
        (rules.outcome && ('outcomeStatus' in data) !== ('outcomeDate' in data)));
    const existing: Record<string, any> | null = needsExisting
      ? ((await strapi.db.query(ctx.uid).findOne({
          where: { documentId: ctx.params.documentId, ...(ctx.params.locale ? { locale: ctx.params.locale } : {}), publishedAt: null },
          populate: rules.image ? ['image'] : [],
        })) as Record<string, any> | null)
      : null;

    if (typeof data.slug === 'string' && !SLUG_PATTERN.test(data.slug)) {
      fail(messages.badSlug(data.slug), ['slug']);
    }

    if (rules.coordinates && ('lat' in data || 'lng' in data)) {
      const lat = merged(data, existing, 'lat');
      const lng = merged(data, existing, 'lng');
      if (!isBlank(lat) && !isBlank(lng) && !isInQuebec(Number(lat), Number(lng))) {
        fail(messages.outsideQuebec('lat, lng'), ['lat']);
      }
    }

    if (rules.place && data.place && typeof data.place === 'object') {
      const { lat, lng } = data.place as { lat?: unknown; lng?: unknown };
      if (!isBlank(lat) && !isBlank(lng) && !isInQuebec(Number(lat), Number(lng))) {
        fail(messages.outsideQuebec('place.lat, place.lng'), ['place', 'lat']);
      }
    }

    if (rules.window && (rules.window.start in data || rules.window.end in data)) {
      const start = merged(data, existing, rules.window.start);
      const end = merged(data, existing, rules.window.end);
      if (!isBlank(start) && !isBlank(end) && time(end) <= time(start)) {
        fail(rules.window.message, [rules.window.end]);
      }
    }

    if (rules.summary && typeof data.summary === 'string' && data.summary.length > SUMMARY_MAX_LENGTH) {
      fail(messages.summaryTooLong(data.summary.length), ['summary']);
    }

    if (rules.summary && typeof data.summary === 'string') {
      const problems = readabilityProblems(data.summary);
      const measure = measureReadability(data.summary);
      if (problems.includes('longSentences')) fail(messages.summaryLongSentences(measure.averageSentenceWords), ['summary']);
      if (problems.includes('longWords')) fail(messages.summaryLongWords(Math.round(measure.longWordShare * 100)), ['summary']);
    }

    // On create the place is always checked (it is required); on update only when it is rewritten.
    if (rules.placeAccessibility && (ctx.action === 'create' || 'place' in data)) {
      const place = data.place as { accessibilityNotes?: unknown } | null | undefined;
      if (place && typeof place === 'object' && (typeof place.accessibilityNotes !== 'string' || place.accessibilityNotes.trim() === '')) {
        fail(messages.placeWithoutAccessibility, ['place', 'accessibilityNotes']);
      }
    }

    if (rules.ocEmails && 'ocEmails' in data && data.ocEmails !== null && !ocEmailsSchema.safeParse(data.ocEmails).success) {
      fail(messages.badOcEmails, ['ocEmails']);
    }

    if (rules.outcome && ('outcomeStatus' in data || 'outcomeDate' in data)) {
      const status = merged(data, existing, 'outcomeStatus');
      const date = merged(data, existing, 'outcomeDate');
      if (!isBlank(status) && isBlank(date)) fail(messages.outcomeWithoutDate, ['outcomeDate']);
      if (isBlank(status) && !isBlank(date)) fail(messages.outcomeDateWithoutStatus, ['outcomeStatus']);
    }

    if (rules.accessPoint) checkAccessPoint(data, ctx.action === 'create');

    if (rules.selfCheck && Array.isArray(data.units)) checkSelfCheck(data.units);

    if (rules.image && ('image' in data || 'imageAlt' in data)) {
      const image = merged(data, existing, 'image');
      const alt = merged(data, existing, 'imageAlt');
      if (isSet(image) && (typeof alt !== 'string' || alt.trim() === '')) {
        fail(messages.imageWithoutAlt, ['imageAlt']);
      }
    }

    return next();
  };
}

const isOfferList = (value: unknown) =>
  Array.isArray(value) && value.length > 0 && value.every((v) => (accessOffers as readonly unknown[]).includes(v)) && new Set(value).size === value.length;

function checkAccessPoint(data: Record<string, any>, creating: boolean): void {
  if ((creating || 'offers' in data) && !isOfferList(data.offers)) fail(messages.badOffers, ['offers']);
  if ('languages' in data && data.languages !== null && !(Array.isArray(data.languages) && data.languages.every((l) => languageCodeSchema.safeParse(l).success))) {
    fail(messages.badLanguages, ['languages']);
  }
  if (Array.isArray(data.closures)) checkClosures(data.closures);
  if (Array.isArray(data.openingHours)) {
    data.openingHours.forEach((h: { opens?: unknown; closes?: unknown }, i: number) => {
      if (typeof h?.opens === 'string' && typeof h.closes === 'string' && h.closes <= h.opens) fail(messages.closesBeforeOpens, ['openingHours', String(i), 'closes']);
    });
  }
}

/**
 * The admin panel's date pickers cannot say that a closure ends after it starts, and a list of
 * closures is read by every resident who looks the place up: keep it short.
 */
function checkClosures(closures: unknown[]): void {
  if (closures.length > maxClosures) fail(messages.tooManyClosures(closures.length), ['closures']);
  closures.forEach((c, i) => {
    const { startDate, endDate } = (c ?? {}) as { startDate?: unknown; endDate?: unknown };
    const day = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : value);
    const candidate = { startDate: day(startDate), endDate: day(endDate) };
    const parsed = closureSchema.safeParse(candidate);
    if (parsed.success) return;
    const backwards = typeof candidate.startDate === 'string' && typeof candidate.endDate === 'string' && candidate.endDate < candidate.startDate;
    if (backwards) fail(messages.closureEndsBeforeStart(i + 1), ['closures', String(i), 'endDate']);
    fail(messages.closureBadDay(i + 1), ['closures', String(i), 'startDate']);
  });
}

/** Feedback per choice only makes sense with one right answer among several. */
function checkSelfCheck(units: unknown[]): void {
  units.forEach((unit, u) => {
    const questions = (unit as { questions?: unknown } | null)?.questions;
    if (!Array.isArray(questions)) return;
    questions.forEach((question: { choices?: unknown } | null, q: number) => {
      const choices = Array.isArray(question?.choices) ? (question.choices as Array<{ correct?: unknown } | null>) : [];
      const path = ['units', String(u), 'questions', String(q), 'choices'];
      if (choices.length < 2) fail(messages.selfCheckTwoChoices(u + 1, q + 1), path);
      if (choices.filter((c) => c?.correct === true).length !== 1) fail(messages.selfCheckOneRightChoice(u + 1, q + 1), path);
    });
  });
}
