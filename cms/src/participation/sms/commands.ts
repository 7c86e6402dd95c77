import type { Core } from '@strapi/strapi';
import {
  accessPointsSms,
  fitSmsList,
  maxAccessPointsBySms,
  normalisePostalCode,
  personNameSchema,
  type ParsedSms,
  type PetitionSignatureInput,
  type RsvpInput,
} from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { queuePromotionMessages } from '../events/messages';
import { acceptsRegistrations, findEventByDocumentId, listedTitle, type EventTarget } from '../events/event-lookup';
import { cancelRegistration, cancelTokenFor, registerForEvent, type Seating } from '../events/registrations';
import { registrationOfReminderKey } from '../events/reminders';
import { outboxUid, recipientHash } from '../messages/send';
import { confirmByReply, confirmOwnSignature } from '../petitions/confirm-by-reply';
import { acceptsSignatures, findPetitionByDocumentId, type PetitionTarget } from '../petitions/petition-lookup';
import { recordSignature } from '../petitions/signatures';
import type { Conversation, ConversationState } from './conversation';
import type { Effects } from './inbound';
import { messageSettings } from '../messages/settings';
import { participationConfig } from '../config';
import { findNeighbourhood, itemsIn, type NearbyItem } from './items-near';
import { accessPointsIn } from './access-points-near';
import { itemLink, shortDay, shortWhen } from './links';
import { markChannel } from '../channel-counts';
import { sha256 } from '../crypto';
import { weekdayName } from '@passerelle/shared/participation';
import { alertPlaces } from '../alerts/places';
import { confirmAlertsByReply, describeAlert, digestDay, subscribeBySms } from '../alerts/subscriptions';

/**
 * What each command does. `decide` reads (the conversation, the items, the signature waiting);
 * the returned action writes, in one transaction with the message's record, the conversation
 * and the reply (`Effects`). Registering and signing go through the same functions as the web
 * forms — the same seat counter, the same one-per-person keys — in their own transaction, which
 * the record and the reply join.
 */
export interface Action {
  apply(effects: Effects): Promise<void>;
}

const pageSize = 3;

/** The usual case: record, save, reply, in one transaction. */
function simple(language: Locale, state: ConversationState, text: string, tail?: string, effect?: (e: Effects) => Promise<void>): Action {
  return {
    async apply(e) {
      await e.strapi.db.transaction(async () => {
        await e.record();
        await effect?.(e);
        await e.save(language, state);
        await e.reply(language, text, tail);
      });
    },
  };
}

const rsvpName = (language: Locale) => t(language, 'smsRegistrantName');

export async function decide(strapi: Core.Strapi, parsed: ParsedSms, conversation: Conversation | null, phone: string, now: number): Promise<Action> {
  const language: Locale = parsed.language ?? conversation?.language ?? 'fr';
  const state: ConversationState = conversation?.state ?? {};
  const command = parsed.command;
  const keep = { ...state };
  const notUnderstood = () => simple(language, keep, `${t(language, 'smsNotUnderstood')} ${helpText(language)}`);

  if (command.kind === 'help') return simple(language, keep, helpText(language));

  // A signature being collected: the message is the answer to the last question.
  if (state.signing) {
    const signing = state.signing;
    const withoutSigning: ConversationState = { ...state, signing: undefined };
    if (command.kind === 'cancel' || command.kind === 'no') return simple(language, withoutSigning, t(language, 'smsSignStopped'));
    const petition = await findPetitionByDocumentId(strapi, signing.petitionDocumentId, language);
    if (!petition || !acceptsSignatures(petition, now)) return simple(language, withoutSigning, t(language, 'smsSignStopped'));
    if (signing.step === 'name') {
      const name = signingAnswer('name', parsed);
      if (!name) return simple(language, keep, t(language, 'smsSignBadName'));
      return simple(language, { ...state, signing: { ...signing, step: 'postalCode', name } }, t(language, 'smsSignAskPostal'));
    }
    if (signing.step === 'postalCode') {
      const postalCode = signingAnswer('postalCode', parsed);
      if (!postalCode) return simple(language, keep, t(language, 'smsSignBadPostal'));
      return simple(
        language,
        { ...state, signing: { ...signing, step: 'consent', postalCode } },
        t(language, 'smsSignAskConsent', { title: petition.title, name: signing.name ?? '', postalCode }),
      );
    }
    if (command.kind === 'yes' || command.kind === 'code') return signByConversation(petition, signing.name ?? '', signing.postalCode ?? '', language, withoutSigning, phone, now);
    return simple(language, keep, t(language, 'smsSignAskConsent', { title: petition.title, name: signing.name ?? '', postalCode: signing.postalCode ?? '' }));
  }

  switch (command.kind) {
    case 'search':
    case 'text': {
      const neighbourhood = await findNeighbourhood(strapi, language, command.kind === 'search' ? { fsa: command.fsa } : { words: command.words });
      if (!neighbourhood) {
        if (command.kind === 'text') return notUnderstood();
        return simple(language, keep, t(language, 'smsPlaceUnknown', { place: command.fsa }));
      }
      const items = await itemsIn(strapi, neighbourhood.documentId, new Date(now));
      if (items.length === 0) return simple(language, { ...state, list: undefined }, t(language, 'smsListEmpty', { place: neighbourhood.name }));
      return listPage(strapi, language, { ...state, list: { place: neighbourhood.name, items, shown: 0 } });
    }
    case 'more': {
      if (!state.list) return simple(language, keep, t(language, 'smsNoList'));
      if (state.list.shown >= state.list.items.length) return simple(language, keep, t(language, 'smsListEnd', { place: state.list.place }));
      return listPage(strapi, language, state);
    }
    case 'details':
    case 'register':
    case 'sign': {
      if (!state.list) return simple(language, keep, t(language, 'smsNoList'));
      const item = state.list.items[command.item - 1];
      if (!item || command.item > state.list.shown) return simple(language, keep, t(language, 'smsNoSuchItem', { item: command.item }));
      if (command.kind === 'details') return details(strapi, language, keep, item, command.item, now);
      if (command.kind === 'register') {
        const event = item.kind === 'event' ? await findEventByDocumentId(strapi, item.documentId, language) : null;
        if (!event) return simple(language, keep, t(language, 'smsNotAnEvent', { item: command.item }));
        if (!acceptsRegistrations(event, now)) {
          const refusal = event.cancelled ? 'smsEventCancelledReply' : 'smsNotRegistrable';
          return simple(language, keep, t(language, refusal, { title: event.title }), itemLink('event', event.slug, language));
        }
        return register(event, language, keep, phone, now);
      }
      const petition = item.kind === 'petition' ? await findPetitionByDocumentId(strapi, item.documentId, language) : null;
      if (!petition || !acceptsSignatures(petition, now)) return simple(language, keep, t(language, 'smsNotAPetition', { item: command.item }));
      return simple(language, { ...state, signing: { petitionDocumentId: petition.documentId, step: 'name' } }, t(language, 'smsSignAskName', { title: petition.title }));
    }
    case 'subscribe':
      return subscribe(strapi, language, keep, command, phone, now);
    case 'online':
      return online(strapi, language, keep, command, now);
    case 'cancel':
      return cancelLatest(strapi, language, keep, phone, now);
    case 'code':
    case 'yes':
      return confirmPending(strapi, language, keep, phone, command.kind === 'code' ? command.code : null, now);
    default:
      return notUnderstood();
  }
}

/** The next three items of the list, numbered from where the last page stopped. */
async function listPage(strapi: Core.Strapi, language: Locale, state: ConversationState): Promise<Action> {
  const list = state.list!;
  const page = list.items.slice(list.shown, list.shown + pageSize);
  const lines: string[] = [];
  for (const [offset, item] of page.entries()) {
    const n = list.shown + offset + 1;
    lines.push(await itemLine(strapi, language, item, n));
  }
  const shown = list.shown + page.length;
  const text = fitSmsList(t(language, 'smsListHeader', { place: list.place }), lines, t(language, 'smsListFooter'));
  return simple(language, { ...state, list: { ...list, shown } }, text);
}

async function itemLine(strapi: Core.Strapi, language: Locale, item: NearbyItem, n: number): Promise<string> {
  if (item.kind === 'event') {
    const event = await findEventByDocumentId(strapi, item.documentId, language);
    return event ? `${n}. ${listedTitle(event, language)}, ${shortWhen(event.startsAt, language)}` : `${n}. –`;
  }
  const petition = await findPetitionByDocumentId(strapi, item.documentId, language);
  return petition ? `${n}. ${language === 'fr' ? 'Pétition' : 'Petition'} : ${petition.title}` : `${n}. –`;
}

async function details(strapi: Core.Strapi, language: Locale, state: ConversationState, item: NearbyItem, n: number, now: number): Promise<Action> {
  if (item.kind === 'event') {
    const event = await findEventByDocumentId(strapi, item.documentId, language);
    if (!event) return simple(language, state, t(language, 'smsNoSuchItem', { item: n }));
    const text =
      t(language, 'smsEventDetails', { title: listedTitle(event, language), when: shortWhen(event.startsAt, language), place: event.address ?? '' }) +
      (acceptsRegistrations(event, now) ? ` ${t(language, 'smsEventRegisterHint', { item: n })}` : '');
    return simple(language, state, text, itemLink('event', event.slug, language));
  }
  const petition = await findPetitionByDocumentId(strapi, item.documentId, language);
  if (!petition) return simple(language, state, t(language, 'smsNoSuchItem', { item: n }));
  return simple(language, state, t(language, 'smsPetitionDetails', { title: petition.title, until: shortDay(petition.closesAt, language), item: n }), itemLink('petition', petition.slug, language));
}

/**
 * `OUI 2`: the web form's own registration, for one person, with this phone — the same seat
 * counter, so web and text registrations racing for the last seat never exceed it. The reply says
 * what a new registration gets now, whether this number was already registered or held back
 * (the same rule as the web page): it only ever speaks to the number that asked.
 */
function register(event: EventTarget, language: Locale, state: ConversationState, phone: string, now: number): Action {
  return {
    async apply(e) {
      const input: RsvpInput = { name: rsvpName(language), email: null, phone, people: 1, accessibilityNeeds: '', website: false, locale: language } as RsvpInput;
      await registerForEvent(e.strapi, event, input, e.senderHash.slice(0, 32), now, async (outcome) => {
        const seating: Seating = outcome.kind === 'repeat' && outcome.resend ? outcome.resend.status : outcome.seating;
        if (outcome.kind === 'new') await markChannel(e.strapi, 'api::participation.registration', { cancelTokenHash: sha256(outcome.cancelToken) }, 'sms');
        await e.record();
        await e.save(language, state);
        await e.reply(language, t(language, seating === 'confirmed' ? 'smsRegistered' : 'smsWaitlisted', { title: event.title, when: shortWhen(event.startsAt, language) }));
      });
    },
  };
}

/**
 * `ANNULER`: the registration this number was reminded of in the last two days (the reminder says
 * "reply ANNULER", and the person may have registered for a later event since), else its newest
 * registration to an event still to come; freed seats go to the waiting list as on the web.
 */
async function cancelLatest(strapi: Core.Strapi, language: Locale, state: ConversationState, phone: string, now: number): Promise<Action> {
  const reminders = (await strapi.db.query(outboxUid).findMany({
    where: { messageKind: 'event-reminder', channel: 'sms', recipientHash: recipientHash('sms', phone), queuedAtMs: { $gte: now - 2 * 86_400_000 } },
    orderBy: [{ queuedAtMs: 'desc' }, { id: 'desc' }],
    select: ['idempotencyKey'],
    limit: 5,
  })) as Array<{ idempotencyKey: string }>;
  const reminded = reminders.map((r) => registrationOfReminderKey(r.idempotencyKey)).filter((id): id is string => id !== null);
  const active = { phone, registrationStatus: { $in: ['confirmed', 'waitlisted'] } };
  const remindedRows = reminded.length > 0 ? ((await strapi.db.query('api::participation.registration').findMany({ where: { ...active, documentId: { $in: reminded } } })) as Array<Record<string, any>>) : [];
  remindedRows.sort((a, b) => reminded.indexOf(String(a.documentId)) - reminded.indexOf(String(b.documentId)));
  const newest = (await strapi.db.query('api::participation.registration').findMany({
    where: active,
    orderBy: [{ submittedAtMs: 'desc' }, { id: 'desc' }],
    limit: 10,
  })) as Array<Record<string, any>>;
  for (const row of [...remindedRows, ...newest]) {
    const event = await findEventByDocumentId(strapi, String(row.eventDocumentId), language);
    if (!event || Date.parse(event.startsAt) <= now) continue;
    const token = cancelTokenFor(String(row.documentId));
    return simple(language, state, t(language, 'smsCancelled', { title: event.title }), undefined, async (e) => {
      const cancelled = await cancelRegistration(e.strapi, token, now);
      await queuePromotionMessages(e.strapi, cancelled.promoted);
    });
  }
  return simple(language, state, t(language, 'smsNothingToCancel'));
}

/**
 * `ABONNER H2R` / `ABONNER Villeray`: this number gets the neighbourhood's weekly digest from now
 * on — the text from the number is its consent. `ABONNER` alone: the place last listed, else how to.
 */
async function subscribe(
  strapi: Core.Strapi,
  language: Locale,
  state: ConversationState,
  command: { fsa: string | null; words: string },
  phone: string,
  now: number,
): Promise<Action> {
  const named = command.fsa ? { fsa: command.fsa } : command.words ? { words: command.words } : state.list ? { words: state.list.place } : null;
  const neighbourhood = named ? await findNeighbourhood(strapi, language, named) : null;
  const place = neighbourhood ? (await alertPlaces(strapi, language)).find((p) => p.documentId === neighbourhood.documentId) : undefined;
  if (!place) return simple(language, state, t(language, 'smsAlertHow'));
  const text = t(language, 'smsAlertSubscribed', { place: place.name, day: weekdayName(language, digestDay()) });
  return simple(language, state, text, undefined, (e) => subscribeBySms(e.strapi, phone, place, language, now));
}

/**
 * `WIFI H2R` / `INTERNET Villeray`: up to three places to get online for free there, nearest to
 * the neighbourhood's centre first, with today's hours (Montréal). `WIFI` alone: the place last
 * listed, else how to ask. The list of items (`PLUS`, numbers) is left as it was.
 */
async function online(strapi: Core.Strapi, language: Locale, state: ConversationState, command: { fsa: string | null; words: string }, now: number): Promise<Action> {
  const named = command.fsa ? { fsa: command.fsa } : command.words ? { words: command.words } : state.list ? { words: state.list.place } : null;
  const neighbourhood = named ? await findNeighbourhood(strapi, language, named) : null;
  if (!neighbourhood) return simple(language, state, t(language, 'smsOnlineHow'));
  const points = await accessPointsIn(strapi, neighbourhood.documentId, language, maxAccessPointsBySms);
  if (points.length === 0) return simple(language, state, t(language, 'smsOnlineEmpty', { place: neighbourhood.name }));
  return simple(language, state, accessPointsSms(language, neighbourhood.name, points, new Date(now)));
}

/** The code (or `OUI`) answering a petition's confirmation text. */
async function confirmPending(strapi: Core.Strapi, language: Locale, state: ConversationState, phone: string, code: string | null, now: number): Promise<Action> {
  return {
    async apply(e) {
      await e.strapi.db.transaction(async () => {
        await e.record();
        const outcome = await confirmByReply(strapi, phone, code, now);
        let text: string;
        if (outcome.kind === 'confirmed' || outcome.kind === 'already-confirmed') {
          const petition = await findPetitionByDocumentId(strapi, outcome.petitionDocumentId, language);
          text = t(language, 'smsSignatureConfirmed', { title: petition?.title ?? '' });
        } else if (outcome.kind === 'wrong-code') text = t(language, 'smsCodeWrong');
        else if (outcome.kind === 'locked') text = t(language, 'smsCodeLocked');
        else {
          // No signature waiting: a request for alerts made on the web with this number, if any.
          const alerts = code === null ? await confirmAlertsByReply(strapi, phone, now) : [];
          text =
            alerts.length > 0
              ? t(language, 'smsAlertSubscribed', { place: await describeAlert(strapi, alerts[0]!, language), day: weekdayName(language, digestDay()) })
              : t(language, 'smsNothingToConfirm');
        }
        await e.save(language, state);
        await e.reply(language, text);
      });
    },
  };
}

/**
 * The end of `SIGNER 2`: the web form's own recording (one signature per phone and petition, the
 * same limits), then confirmed at once — the consent was just texted from that phone. No code is
 * sent: the conversation is the proof. A number that had signed already is told so (it is its own
 * signature); a submission held back by the limits gets the same words as a counted one.
 */
function signByConversation(petition: PetitionTarget, name: string, postalCode: string, language: Locale, state: ConversationState, phone: string, now: number): Action {
  return {
    async apply(e) {
      // This number's own signature of this petition, if any: confirmed now, or already.
      const own = await e.strapi.db.transaction(async () => {
        const found = await confirmOwnSignature(e.strapi, petition.documentId, phone, now);
        if (found === 'none') return found;
        await e.record();
        await e.save(language, state);
        await e.reply(language, t(language, found === 'already-confirmed' ? 'smsAlreadySigned' : 'smsSignatureConfirmed', { title: petition.title }));
        return found;
      });
      if (own !== 'none') return;
      const input: PetitionSignatureInput = { name, postalCode, email: null, phone, consent: true, updates: false, website: false, locale: language };
      await recordSignature(e.strapi, petition, input, e.senderHash.slice(0, 32), 'ip-rate-limit', now, async (outcome) => {
        const confirmed = outcome.kind === 'suspect' ? 'confirmed' : await confirmOwnSignature(e.strapi, petition.documentId, phone, now);
        // Counted by channel for the OCs (channel-counts.ts): this signature came by text.
        if (outcome.kind === 'pending') await markChannel(e.strapi, 'api::participation.signature', { phoneKey: `${petition.documentId}:${phone}` }, 'sms');
        await e.record();
        await e.save(language, state);
        await e.reply(language, t(language, confirmed === 'already-confirmed' ? 'smsAlreadySigned' : 'smsSignatureConfirmed', { title: petition.title }));
      });
    },
  };
}

/** The help text, with the organization's phone when one is configured. */
export function helpText(language: Locale): string {
  const phone = messageSettings().inbound.helpPhone;
  return t(language, 'smsHelp', { phone: phone ?? participationConfig().siteUrl });
}

/** In the signing conversation, what a typed name or postal code becomes (null: ask again). */
export function signingAnswer(step: 'name' | 'postalCode', parsed: ParsedSms): string | null {
  if (step === 'name') {
    const name = personNameSchema.safeParse(parsed.raw);
    return name.success && !/\d/.test(name.data) ? name.data : null;
  }
  return normalisePostalCode(parsed.raw);
}
