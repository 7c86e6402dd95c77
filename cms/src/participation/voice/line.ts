import type { Core } from '@strapi/strapi';
import { normalisePhone, type RsvpInput } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { queueRegistrationResend, queueRsvpConfirmation } from '../events/messages';
import { acceptsRegistrations, listedTitle } from '../events/event-lookup';
import { registerForEvent, type Seating } from '../events/registrations';
import { queueSms } from '../messages/send';
import type { VoiceSettings } from '../messages/settings';
import { isOptedOut } from '../sms/opt-outs';
import { actionsWithinHour, ActionsRanOut, admitCall, callerHash, recordLimitedAction } from './limits';
import { voicePrompts } from './prompts';
import { stateUrl, type CallState } from './state';
import { renderResponse, spoken, type Verb } from './twiml';
import { alertPlaces } from '../alerts/places';
import { markChannel } from '../channel-counts';
import { sha256 } from '../crypto';
import { requestAlerts } from '../alerts/subscriptions';
import { latestPhoneEpisode, type PhoneEpisode } from './episode';
import { itemDocumentId, neighbourhoodByNumber, shortItemLink, spokenDay, spokenWhen, thisWeek, type PhoneNeighbourhood, type WeekItem } from './week';
import { accessPointsIn, hasAccessPoints, type NearbyAccessPoint } from '../sms/access-points-near';
import { accessPointsSms } from '@passerelle/shared/participation';
import { maxPlacesRead, placeInWords, placesPerAnswer } from './places';

/**
 * The phone line's menu, one answer per request (see docs/phone-line.md):
 *
 *   welcome (French; 9 for English; * for the latest balado episode, when one has a phone version)
 *   → the neighbourhood's number then # → this week's items, one by one, each followed by 1 by
 *   text, 2 register, 3 next, 4 the neighbourhood's news by text, 5 places to get online (when the
 *   neighbourhood has one), 0 another neighbourhood, 9 English.
 *   → 5 (or, when nothing is announced this week, offered at once): the places to get online, three
 *   at a time, followed by 1 the next ones, 9 by text, 0 another neighbourhood.
 *
 * Stateless: where the call stands comes back in the action URL (state.ts). Silence once repeats
 * the question, twice says goodbye and hangs up; a key outside the menu says so and repeats, three
 * times in a row says goodbye. Each effect (a text queued, a registration) is one transaction of
 * its own request: a caller hanging up at any point leaves it done or not done, never half.
 */
export interface CallRequest {
  provider: 'twilio' | 'telnyx';
  callId: string;
  from: string;
  /** Keys pressed, as the provider posts them; undefined when a `<Redirect>` came after silence. */
  digits: string | undefined;
  /** The provider says the call is over (`completed`, …): nothing is done for it. */
  ended: boolean;
  state: CallState | null;
}

const gatherTimeout = 6;
const maxInARow = 2;
const maxWrong = 3;

export async function answerCall(strapi: Core.Strapi, settings: VoiceSettings, webhookUrl: string, call: CallRequest, now = Date.now()): Promise<string> {
  const render = (verbs: Verb[]) => renderResponse(verbs, settings.voices);
  if (call.ended) return render([]);
  const hash = callerHash(call.from);
  if (!(await admitCall(strapi, `call:${call.provider}:${call.callId}`, hash, settings.callsPerHour, now))) {
    strapi.log.warn(`[voice] ${call.provider}: a number called more than ${settings.callsPerHour} times within an hour; hung up`);
    return render([{ say: voicePrompts.fr.tooManyCalls, language: 'fr' }, { hangup: true }]);
  }
  const url = (state: CallState) => stateUrl(webhookUrl, call.callId, state);
  const line = new Line(strapi, settings, call, hash, url, now, webhookUrl);
  return render(await line.answer());
}

class Line {
  constructor(
    private readonly strapi: Core.Strapi,
    private readonly settings: VoiceSettings,
    private readonly call: CallRequest,
    private readonly hash: string,
    private readonly url: (state: CallState) => string,
    private readonly now: number,
    private readonly webhookUrl: string,
  ) {}

  async answer(): Promise<Verb[]> {
    const state = this.call.state;
    if (!state) return this.welcome(await latestPhoneEpisode(this.strapi, 'fr', this.webhookUrl));
    if (state.step === 'welcome') return this.afterWelcome(state);
    if (state.step === 'hood') return this.afterNeighbourhood(state);
    if (state.step === 'places') return this.afterPlaces(state);
    return this.afterItem(state);
  }

  private say(language: Locale, ...texts: Array<string | null | undefined>): Verb[] {
    return texts.filter((text): text is string => !!text).map((text) => ({ say: text, language }));
  }

  private goodbye(language: Locale, before?: string): Verb[] {
    return [...this.say(language, before, voicePrompts[language].goodbye), { hangup: true }];
  }

  /** The first answer: welcome (9 for English, * for the balado when there is one) then, with no key, the question in French. */
  private welcome(episode: PhoneEpisode | null): Verb[] {
    const says = [voicePrompts.fr.welcome, ...(episode ? [voicePrompts.fr.episodeOffer] : [])].map((say) => ({ say, language: 'fr' as const }));
    return [{ gather: { action: this.url({ step: 'welcome', lang: 'fr', quiet: 0, wrong: 0 }), finishOnKey: '', numDigits: 1, timeout: 2 }, say: says }, ...this.askNeighbourhood('fr', {})];
  }

  /** *: the latest episode's title, its phone version, then the neighbourhood's question again. */
  private async playEpisode(language: Locale): Promise<Verb[]> {
    const p = voicePrompts[language];
    const episode = await latestPhoneEpisode(this.strapi, language, this.webhookUrl);
    if (!episode) return this.askNeighbourhood(language, {}, p.noEpisode);
    return [...this.say(language, p.episodeIntro(spoken(episode.title))), { play: episode.url }, ...this.askNeighbourhood(language, {}, p.episodeEnd)];
  }

  /** The question, and after it the silence's redirect. */
  private askNeighbourhood(language: Locale, state: Partial<CallState>, ...before: string[]): Verb[] {
    const base: CallState = { step: 'hood', lang: language, quiet: 0, wrong: 0, ...state };
    return [
      ...this.say(language, ...before),
      { gather: { action: this.url(base), finishOnKey: '#', timeout: gatherTimeout }, say: [{ say: voicePrompts[language].askNeighbourhood, language }] },
      { redirect: this.url({ ...base, first: undefined, quiet: base.quiet + 1 }) },
    ];
  }

  private async afterWelcome(state: CallState): Promise<Verb[]> {
    const key = this.call.digits ?? '';
    if (key === '*') return this.playEpisode(state.lang);
    if (key === '9') {
      const episode = await latestPhoneEpisode(this.strapi, 'en', this.webhookUrl);
      return this.askNeighbourhood('en', {}, voicePrompts.en.welcome, ...(episode ? [voicePrompts.en.episodeOffer] : []));
    }
    // Someone who knows their number starts typing during the welcome: its first digit is kept.
    return this.askNeighbourhood(state.lang, /^\d$/.test(key) ? { first: key } : {});
  }

  private async afterNeighbourhood(state: CallState): Promise<Verb[]> {
    const language = state.lang;
    const p = voicePrompts[language];
    if (this.call.digits === undefined || (this.call.digits === '' && !state.first)) {
      const silences = silencesSoFar(state, this.call.digits);
      if (silences >= maxInARow) return this.goodbye(language, p.heardNothing);
      return this.askNeighbourhood(language, { quiet: silences }, p.heardNothing);
    }
    const typed = `${state.first ?? ''}${this.call.digits.replace(/#$/, '')}`;
    // The star, pressed late (after the welcome) or in English: the balado.
    if (typed === '*') return this.playEpisode(language);
    const number = /^\d{1,3}$/.test(typed) ? Number(typed) : 0;
    const neighbourhood = number >= 1 ? await neighbourhoodByNumber(this.strapi, number, language) : null;
    if (!neighbourhood) {
      if (state.wrong + 1 >= maxWrong) return this.goodbye(language, p.unknownNeighbourhood(spokenDigits(typed)));
      return this.askNeighbourhood(language, { wrong: state.wrong + 1 }, /^\d{1,6}$/.test(typed) ? p.unknownNeighbourhood(spokenDigits(typed)) : p.wrongKey);
    }
    const items = await thisWeek(this.strapi, neighbourhood, language, this.now);
    const places = await hasAccessPoints(this.strapi, neighbourhood.documentId);
    if (items.length === 0) {
      const nothing = p.nothingThisWeek(spoken(neighbourhood.name));
      if (!places) return this.askNeighbourhood(language, {}, nothing);
      return this.menu(language, { step: 'places', lang: language, hood: number, seen: 0, quiet: 0, wrong: 0 }, [nothing], p.placesOffer);
    }
    return this.readItem(language, number, items, 0, places, [p.thisWeek(spoken(neighbourhood.name), items.length)]);
  }

  /** An item read, then its menu; `before` is said first (an answer to the last key). */
  private readItem(language: Locale, hood: number, items: WeekItem[], index: number, places: boolean, before: string[] = [], readTitle = true): Verb[] {
    const p = voicePrompts[language];
    const item = items[index]!;
    const state: CallState = { step: 'item', lang: language, hood, doc: itemDocumentId(item), item: index, quiet: 0, wrong: 0 };
    const description = !readTitle
      ? null
      : item.kind === 'event'
        ? p.eventItem(index + 1, spoken(listedTitle(item.event, language)), spokenWhen(item.event.startsAt, language), item.event.address ? spoken(item.event.address) : null)
        : p.petitionItem(index + 1, spoken(item.petition.title), spokenDay(item.petition.closesAt, language));
    const register = item.kind === 'event' && acceptsRegistrations(item.event, this.now);
    return this.menu(language, state, [...before, ...(description ? [description] : [])], p.itemMenu({ register, next: index + 1 < items.length, places }));
  }

  private menu(language: Locale, state: CallState, before: string[], options: string): Verb[] {
    return [
      ...this.say(language, ...before),
      { gather: { action: this.url(state), finishOnKey: '', numDigits: 1, timeout: gatherTimeout }, say: [{ say: options, language }] },
      { redirect: this.url({ ...state, quiet: state.quiet + 1 }) },
    ];
  }

  private async afterItem(state: CallState): Promise<Verb[]> {
    const language = state.lang;
    const p = voicePrompts[language];
    const neighbourhood = state.hood ? await neighbourhoodByNumber(this.strapi, state.hood, language) : null;
    const items = neighbourhood ? await thisWeek(this.strapi, neighbourhood, language, this.now) : [];
    const index = items.findIndex((item) => itemDocumentId(item) === state.doc);
    if (!neighbourhood || index < 0) return this.askNeighbourhood(language, {}, p.itemGone);
    const item = items[index]!;
    const places = await hasAccessPoints(this.strapi, neighbourhood.documentId);
    const again = (before: string[], changes: Partial<CallState> = {}) => {
      const verbs = this.readItem(language, state.hood!, items, index, places, before, false);
      return verbs.map((verb) => ('gather' in verb || 'redirect' in verb ? this.withState(verb, { ...state, ...changes }) : verb));
    };

    const key = this.call.digits;
    if (key === undefined || key === '') {
      const silences = silencesSoFar(state, key);
      if (silences >= maxInARow) return this.goodbye(language, p.heardNothing);
      return again([p.heardNothing], { quiet: silences, wrong: 0 });
    }
    switch (key) {
      case '1':
        return again([await this.sendByText(item, language, state)], { quiet: 0, wrong: 0 });
      case '2':
        return again([await this.register(item, language, state)], { quiet: 0, wrong: 0 });
      case '3':
        if (index + 1 < items.length) return this.readItem(language, state.hood!, items, index + 1, places);
        return this.readItem(language, state.hood!, items, 0, places, [p.endOfList(spoken(neighbourhood.name)), p.thisWeek(spoken(neighbourhood.name), items.length)]);
      case '4':
        return again([await this.subscribe(neighbourhood.documentId, language, state)], { quiet: 0, wrong: 0 });
      case '5':
        // Not offered when the neighbourhood has no place: a wrong key, as any other.
        if (places) return this.readPlaces(language, state.hood!, neighbourhood, 0);
        if (state.wrong + 1 >= maxWrong) return this.goodbye(language, p.wrongKey);
        return again([p.wrongKey], { quiet: 0, wrong: state.wrong + 1 });
      case '0':
        return this.askNeighbourhood(language, {});
      case '9': {
        // Read again in English, the item's English version when it has one.
        const english = await thisWeek(this.strapi, neighbourhood, 'en', this.now);
        const at = english.findIndex((i) => itemDocumentId(i) === state.doc);
        if (at < 0) return this.askNeighbourhood('en', {}, voicePrompts.en.itemGone);
        return this.readItem('en', state.hood!, english, at, places);
      }
      default:
        if (state.wrong + 1 >= maxWrong) return this.goodbye(language, p.wrongKey);
        return again([p.wrongKey], { quiet: 0, wrong: state.wrong + 1 });
    }
  }

  /** The same verb, its URL rewritten for another state (counters of silences and wrong keys). */
  private withState(verb: Verb, state: CallState): Verb {
    if ('redirect' in verb) return { redirect: this.url({ ...state, quiet: state.quiet + 1 }) };
    if ('gather' in verb) return { ...verb, gather: { ...verb.gather, action: this.url(state) } };
    return verb;
  }

  /** 1: the item by text to the number calling, once per call and item, within the hourly limit. */
  private async sendByText(item: WeekItem, language: Locale, state: CallState): Promise<string> {
    const p = voicePrompts[language];
    return this.textCaller(language, `text:${this.call.provider}:${this.call.callId}:${state.doc}`, async () => {
      const link = await shortItemLink(this.strapi, item, language);
      return item.kind === 'event'
        ? p.textItem(item.event.title, spokenWhen(item.event.startsAt, language), link)
        : p.textItem(item.petition.title, spokenDay(item.petition.closesAt, language), link);
    });
  }

  /**
   * A text to the number calling and to no other — the only one a caller ID can name — once per
   * `key` (call and what was asked), within VOICE_ACTIONS_PER_HOUR for the number, never to a
   * number that opted out; the outbox adds its own limits (three segments). What is said back.
   */
  private async textCaller(language: Locale, key: string, compose: () => Promise<string> | string): Promise<string> {
    const p = voicePrompts[language];
    const phone = normalisePhone(this.call.from);
    if (!phone) return p.cannotText;
    if (await isOptedOut(this.strapi, phone)) return p.optedOut;
    if ((await actionsWithinHour(this.strapi, this.hash, 'text', this.now)) >= this.settings.actionsPerHour) return p.tooManyActions;
    const text = await compose();
    const sent = await this.strapi.db
      .transaction(async () => {
        if (!(await recordLimitedAction(this.strapi, key, 'text', this.hash, this.settings.actionsPerHour, this.now))) return 'already' as const;
        return (await queueSms(this.strapi, { kind: 'voice-item', key: key.slice(5) }, phone, text)) ? ('sent' as const) : ('refused' as const);
      })
      .catch(overLimit);
    if (sent === 'over-limit') return p.tooManyActions;
    return sent === 'sent' ? p.sent : sent === 'already' ? p.alreadySent : p.cannotText;
  }

  /**
   * 5: the neighbourhood's places to get online, three from `from`, nearest first, each in words
   * (places.ts), then their keys. None any more (unpublished since the menu was said): said so,
   * and the neighbourhood asked again.
   */
  private async readPlaces(language: Locale, hood: number, neighbourhood: PhoneNeighbourhood, from: number, before: string[] = []): Promise<Verb[]> {
    const p = voicePrompts[language];
    const points = await accessPointsIn(this.strapi, neighbourhood.documentId, language, maxPlacesRead);
    const name = spoken(neighbourhood.name);
    if (points.length === 0) return this.askNeighbourhood(language, {}, ...before, p.placesNone(name));
    const start = from < points.length ? from : 0;
    const page = points.slice(start, start + placesPerAnswer);
    const seen = start + page.length;
    const moment = new Date(this.now);
    const says = [...before, ...(start === 0 ? [p.placesIntro(name, points.length)] : []), ...page.map((point, i) => placeInWords(language, point, start + i + 1, moment))];
    return this.menu(language, { step: 'places', lang: language, hood, seen, quiet: 0, wrong: 0 }, says, p.placesMenu({ more: seen < points.length }));
  }

  private async afterPlaces(state: CallState): Promise<Verb[]> {
    const language = state.lang;
    const p = voicePrompts[language];
    const neighbourhood = state.hood ? await neighbourhoodByNumber(this.strapi, state.hood, language) : null;
    if (!neighbourhood) return this.askNeighbourhood(language, {});
    const seen = state.seen ?? 0;
    // The menu said last, said again after a silence or a wrong key.
    const repeat = async (before: string, changes: Partial<CallState>) => {
      const points = seen > 0 ? await accessPointsIn(this.strapi, neighbourhood.documentId, language, maxPlacesRead) : [];
      return this.menu(language, { ...state, ...changes }, [before], seen > 0 ? p.placesMenu({ more: seen < points.length }) : p.placesOffer);
    };
    const key = this.call.digits;
    if (key === undefined || key === '') {
      const silences = silencesSoFar(state, key);
      if (silences >= maxInARow) return this.goodbye(language, p.heardNothing);
      return repeat(p.heardNothing, { quiet: silences, wrong: 0 });
    }
    switch (key) {
      case '5':
        return this.readPlaces(language, state.hood!, neighbourhood, 0);
      case '1': {
        if (seen === 0) return this.readPlaces(language, state.hood!, neighbourhood, 0);
        const total = (await accessPointsIn(this.strapi, neighbourhood.documentId, language, maxPlacesRead)).length;
        if (seen < total) return this.readPlaces(language, state.hood!, neighbourhood, seen);
        return this.readPlaces(language, state.hood!, neighbourhood, 0, [p.placesEnd(spoken(neighbourhood.name))]);
      }
      case '9':
        if (seen > 0) return repeat(await this.sendPlacesByText(language, state, neighbourhood), { quiet: 0, wrong: 0 });
        break;
      case '0':
        return this.askNeighbourhood(language, {});
    }
    if (state.wrong + 1 >= maxWrong) return this.goodbye(language, p.wrongKey);
    return repeat(p.wrongKey, { quiet: 0, wrong: state.wrong + 1 });
  }

  /**
   * 9 after places: the ones just heard, as `WIFI` texts them (accessPointsSms), to the number
   * calling only; once per call, neighbourhood and page.
   */
  private async sendPlacesByText(language: Locale, state: CallState, neighbourhood: PhoneNeighbourhood): Promise<string> {
    const seen = state.seen ?? 0;
    const start = Math.floor((seen - 1) / placesPerAnswer) * placesPerAnswer;
    const page: NearbyAccessPoint[] = (await accessPointsIn(this.strapi, neighbourhood.documentId, language, maxPlacesRead)).slice(start, start + placesPerAnswer);
    if (page.length === 0) return voicePrompts[language].placesNone(spoken(neighbourhood.name));
    const key = `text:${this.call.provider}:${this.call.callId}:places-${state.hood ?? 0}-${start}`;
    return this.textCaller(language, key, () => accessPointsSms(language, neighbourhood.name, page, new Date(this.now)));
  }

  /**
   * 4: this neighbourhood's weekly news by text. A caller's number can be spoofed, so it is the web
   * form's double opt-in: a pending request and its "reply OUI" text (three a day at most per number),
   * once per call, within the hourly limit.
   */
  private async subscribe(neighbourhoodDocumentId: string, language: Locale, state: CallState): Promise<string> {
    const p = voicePrompts[language];
    const phone = normalisePhone(this.call.from);
    if (!phone) return p.cannotText;
    if (await isOptedOut(this.strapi, phone)) return p.optedOut;
    const place = (await alertPlaces(this.strapi, language)).find((x) => x.documentId === neighbourhoodDocumentId);
    if (!place) return p.itemGone;
    const key = `alert:${this.call.provider}:${this.call.callId}:${state.hood ?? 0}`;
    if ((await actionsWithinHour(this.strapi, this.hash, 'text', this.now)) >= this.settings.actionsPerHour) return p.tooManyActions;
    const recorded = await this.strapi.db.transaction(() => recordLimitedAction(this.strapi, key, 'text', this.hash, this.settings.actionsPerHour, this.now)).catch(overLimit);
    if (recorded === 'over-limit') return p.tooManyActions;
    if (!recorded) return p.alertRequested;
    const input = { neighbourhood: place.slug, area: 'neighbourhood' as const, topic: null, email: null, phone, rightAway: false, website: false, locale: language };
    await requestAlerts(this.strapi, { input, place, topic: null, ipHash: this.hash.slice(0, 32) }, this.now);
    return p.alertRequested;
  }

  /**
   * 2: the web form's own registration for one person with this phone — the same seat counter as
   * the web and text messages. What is said is what a new registration gets now, whether this
   * number was registered before or not (registrations.ts): nothing tells who registered.
   */
  private async register(item: WeekItem, language: Locale, state: CallState): Promise<string> {
    const p = voicePrompts[language];
    if (item.kind === 'petition') return p.petitionByText;
    const event = item.event;
    if (event.registrationMode === 'none') return p.registerNotNeeded;
    if (event.registrationMode !== 'form') return p.registerNotByForm;
    if (!acceptsRegistrations(event, this.now)) return p.registerClosed;
    const phone = normalisePhone(this.call.from);
    if (!phone) return p.cannotText;
    if ((await actionsWithinHour(this.strapi, this.hash, 'register', this.now)) >= this.settings.actionsPerHour) return p.tooManyActions;
    const key = `register:${this.call.provider}:${this.call.callId}:${state.doc}`;
    const input = { name: p.registrantName, email: null, phone, people: 1, accessibilityNeeds: '', website: false, locale: language } as RsvpInput;
    let texted = true;
    const outcome = await registerForEvent(this.strapi, event, input, this.hash.slice(0, 32), this.now, async (recorded) => {
      texted = !(await isOptedOut(this.strapi, phone));
      // Once per call and item. Pressed again, or the same request posted again by the provider
      // (it retries when we answer slowly, and both copies may arrive at once), the key is there
      // already: this attempt is undone — no repeated row, no re-sent confirmation — and the
      // caller hears the same answer. Over the hour's limit meanwhile, it is undone too.
      if (!(await recordLimitedAction(this.strapi, key, 'register', this.hash, this.settings.actionsPerHour, this.now))) throw new AskedInThisCall(recorded.seating);
      // As the web form: new, the confirmation; repeated, the registration on file told again (3 a day).
      if (recorded.kind === 'new') await markChannel(this.strapi, 'api::participation.registration', { cancelTokenHash: sha256(recorded.cancelToken) }, 'phone');
      if (recorded.kind === 'new') await queueRsvpConfirmation(this.strapi, language, event, input, recorded.seating, recorded.cancelToken);
      else if (recorded.kind === 'repeat' && recorded.resend) await queueRegistrationResend(this.strapi, recorded.resend);
    }).catch((error: unknown) => (error instanceof AskedInThisCall ? { seating: error.seating } : overLimit(error)));
    if (outcome === 'over-limit') return p.tooManyActions;
    const title = spoken(event.title);
    const said = outcome.seating === 'confirmed' ? p.registered(title) : p.waitlisted(title);
    return texted ? said : `${said} ${p.registeredNoText}`;
  }
}

/**
 * Thrown where this call's registration for an item turns out recorded already: its transaction is
 * undone. Carries what this attempt would have said (what a new registration gets now, as every
 * answer of the line does), so a copy is answered as the first was, without telling anything more.
 */
class AskedInThisCall extends Error {
  constructor(readonly seating: Seating) {
    super('registration already asked in this call');
  }
}

/** A transaction undone by `ActionsRanOut` (limits.ts) answers 'over-limit'; any other error goes on. */
function overLimit(error: unknown): 'over-limit' {
  if (error instanceof ActionsRanOut) return 'over-limit';
  throw error;
}

/**
 * Silences in a row, this one included: the `<Redirect>` that follows a question after its
 * silence already carries the count (its URL says `quiet` + 1); a `#` alone, posted by the
 * `<Gather>` itself, is one more.
 */
function silencesSoFar(state: CallState, digits: string | undefined): number {
  return digits === undefined ? state.quiet : state.quiet + 1;
}

/** "47" read as "4, 7": a number typed on the keypad is heard back key by key. */
function spokenDigits(typed: string): string {
  return typed.split('').join(', ');
}
