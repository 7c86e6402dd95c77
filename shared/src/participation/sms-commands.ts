import { toFsa } from '../geo.ts';
import type { Locale } from '../locales.ts';

/**
 * What a resident's text message asks for, read the way people type on a basic phone: French or
 * English, any case, with or without accents, with extra words around the command ("oui pour le
 * 2 svp"). Pure: the CMS decides what each command does (participation/sms/). `language` is the
 * language the command word was written in, when it says one (`OUI` French, `YES` English); a
 * postal code or a number says none.
 */
export type SmsCommand =
  | { kind: 'stop' }
  | { kind: 'start' }
  | { kind: 'help' }
  | { kind: 'more' }
  | { kind: 'cancel' }
  | { kind: 'details'; item: number }
  | { kind: 'register'; item: number }
  | { kind: 'sign'; item: number }
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'code'; code: string }
  | { kind: 'search'; fsa: string }
  /** `ABONNER H2R`, `ABONNER Villeray`, or `ABONNER` alone (the place last asked about, else how to). */
  | { kind: 'subscribe'; fsa: string | null; words: string }
  /** `WIFI H2R`, `INTERNET Villeray`: places to get online for free there; `WIFI` alone: the place last asked about, else how to. */
  | { kind: 'online'; fsa: string | null; words: string }
  /** Anything else: a neighbourhood's name, an answer in a conversation (a name), or nonsense. */
  | { kind: 'text'; words: string };

export interface ParsedSms {
  command: SmsCommand;
  language: Locale | null;
  /** The message as typed, trimmed: a conversation step may need it (a name keeps its accents). */
  raw: string;
}

/** Upper case, accents and punctuation gone, single spaces: `Arrêt !` → `ARRET`. */
export function foldSmsText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

type Keyword = 'stop' | 'start' | 'help' | 'more' | 'cancel' | 'yes' | 'no' | 'sign' | 'subscribe' | 'online';

/** Each word, folded, with what it means and the language it says (null: both languages use it). */
const keywords: Record<string, { means: Keyword; language: Locale | null }> = {
  ARRET: { means: 'stop', language: 'fr' },
  ARRETER: { means: 'stop', language: 'fr' },
  STOP: { means: 'stop', language: null },
  STOPALL: { means: 'stop', language: 'en' },
  UNSUBSCRIBE: { means: 'stop', language: 'en' },
  DESABONNER: { means: 'stop', language: 'fr' },
  DEBUT: { means: 'start', language: 'fr' },
  START: { means: 'start', language: 'en' },
  UNSTOP: { means: 'start', language: 'en' },
  AIDE: { means: 'help', language: 'fr' },
  HELP: { means: 'help', language: 'en' },
  INFO: { means: 'help', language: null },
  PLUS: { means: 'more', language: 'fr' },
  SUITE: { means: 'more', language: 'fr' },
  MORE: { means: 'more', language: 'en' },
  NEXT: { means: 'more', language: 'en' },
  ANNULER: { means: 'cancel', language: 'fr' },
  ANNULE: { means: 'cancel', language: 'fr' },
  ANNULATION: { means: 'cancel', language: 'fr' },
  CANCEL: { means: 'cancel', language: 'en' },
  OUI: { means: 'yes', language: 'fr' },
  YES: { means: 'yes', language: 'en' },
  NON: { means: 'no', language: 'fr' },
  NO: { means: 'no', language: 'en' },
  SIGNER: { means: 'sign', language: 'fr' },
  SIGNE: { means: 'sign', language: 'fr' },
  SIGN: { means: 'sign', language: 'en' },
  ABONNER: { means: 'subscribe', language: 'fr' },
  ABONNE: { means: 'subscribe', language: 'fr' },
  ABONNEMENT: { means: 'subscribe', language: 'fr' },
  ALERTE: { means: 'subscribe', language: 'fr' },
  ALERTES: { means: 'subscribe', language: 'fr' },
  SUBSCRIBE: { means: 'subscribe', language: 'en' },
  ALERT: { means: 'subscribe', language: 'en' },
  ALERTS: { means: 'subscribe', language: 'en' },
  WIFI: { means: 'online', language: null },
  INTERNET: { means: 'online', language: null },
  BRANCHER: { means: 'online', language: 'fr' },
  ONLINE: { means: 'online', language: 'en' },
};

/** Opting out and back in win over everything else in the message: the law asks for that. */
const precedence: Keyword[] = ['stop', 'start', 'subscribe', 'online', 'sign', 'cancel', 'more', 'help', 'yes', 'no'];

const maxItem = 99;

export function parseSmsCommand(text: string): ParsedSms {
  const raw = text.trim().slice(0, 1600);
  // `Wi-Fi` folds to `WI FI`: one word, as people say it.
  const folded = foldSmsText(raw).replace(/(^| )WI FI( |$)/g, '$1WIFI$2');
  const words = folded ? folded.split(' ') : [];
  const found = new Map<Keyword, Locale | null>();
  for (const word of words) {
    const keyword = keywords[word];
    if (keyword && !found.has(keyword.means)) found.set(keyword.means, keyword.language);
  }
  // A six-digit code may be typed `123 456`.
  const code = /(?:^| )(\d{6}|\d{3} \d{3})(?: |$)/.exec(folded)?.[1]?.replace(' ', '') ?? null;
  const numbers = words.filter((w) => /^\d{1,2}$/.test(w)).map(Number);
  const item = numbers.find((n) => n >= 1 && n <= maxItem) ?? null;
  const fsa = postalCodeIn(folded);
  const done = (command: SmsCommand, keyword?: Keyword): ParsedSms => ({ command, language: keyword ? (found.get(keyword) ?? null) : null, raw });

  for (const keyword of precedence) {
    if (!found.has(keyword)) continue;
    switch (keyword) {
      case 'stop':
      case 'start':
      case 'cancel':
      case 'more':
      case 'help':
        return done({ kind: keyword }, keyword);
      case 'subscribe':
      case 'online': {
        const rest = words.filter((w) => keywords[w]?.means !== keyword).join(' ');
        return done({ kind: keyword, fsa, words: rest }, keyword);
      }
      case 'sign':
        if (item !== null) return done({ kind: 'sign', item }, keyword);
        continue;
      case 'yes':
        if (code) return done({ kind: 'code', code }, keyword);
        return done(item !== null ? { kind: 'register', item } : { kind: 'yes' }, keyword);
      case 'no':
        return done({ kind: 'no' }, keyword);
    }
  }
  if (code) return done({ kind: 'code', code });
  if (fsa) return done({ kind: 'search', fsa });
  if (item !== null && words.length <= 3) return done({ kind: 'details', item });
  return done({ kind: 'text', words: folded });
}

/** `H2R`, `h2r 1a1`, `H2R1A1` anywhere in the folded text → `H2R`. */
function postalCodeIn(folded: string): string | null {
  const match = /(?:^| )([A-Z]\d[A-Z])(?: ?(\d[A-Z]\d))?(?: |$)/.exec(folded);
  if (!match) return null;
  return toFsa(match[2] ? `${match[1]}${match[2]}` : match[1]!);
}

/**
 * The neighbourhood a message names, among `neighbourhoods`: the longest name found whole in the
 * message (`je cherche Villeray` → Villeray), or the one a message of at least four letters is
 * the start of (`parc ex` → Parc-Extension). Null when none or when two names fit as well.
 */
export function matchNeighbourhood<N extends { name: string }>(words: string, neighbourhoods: readonly N[]): N | null {
  const text = ` ${foldSmsText(words)} `;
  if (text.trim().length < 3) return null;
  let best: { n: N; length: number } | null = null;
  let tie = false;
  for (const n of neighbourhoods) {
    const name = foldSmsText(n.name);
    if (!name) continue;
    const whole = text.includes(` ${name} `);
    const prefix = !whole && text.trim().length >= 4 && name.startsWith(text.trim());
    if (!whole && !prefix) continue;
    // A name written whole beats any name the message only starts.
    const length = whole ? 1000 + name.length : text.trim().length;
    if (!best || length > best.length) {
      best = { n, length };
      tie = false;
    } else if (length === best.length && best.n !== n) tie = true;
  }
  return best && !tie ? best.n : null;
}
