/**
 * How long a text message is for the phone network. A message that fits the GSM 03.38 alphabet
 * (GSM-7) takes 160 characters in one segment, 153 per segment once split; one character outside
 * it — most accented capitals, `ê`, `«`, `’` — sends the whole message as UCS-2: 70 characters in
 * one segment, 67 per segment once split. Each segment is billed, and old phones reassemble long
 * messages badly, so replies are measured here and cut to at most `maxReplySegments`.
 */
export type SmsEncoding = 'gsm-7' | 'ucs-2';

export interface SmsLength {
  encoding: SmsEncoding;
  /** Septets (GSM-7, an extension character counts 2) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/** A reply never takes more segments than this. */
export const maxReplySegments = 3;

// GSM 03.38 basic set (its 128 characters; ESC not included) and the extension table's characters, each 2 septets.
const gsmBasic = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const gsmExtension = new Set('^{}\\[~]|€\f');

const perSegment = { 'gsm-7': { single: 160, multi: 153 }, 'ucs-2': { single: 70, multi: 67 } } as const;

export function smsEncoding(text: string): SmsEncoding {
  for (const char of text) if (!gsmBasic.has(char) && !gsmExtension.has(char)) return 'ucs-2';
  return 'gsm-7';
}

function unitsOf(text: string, encoding: SmsEncoding): number {
  if (encoding === 'ucs-2') return text.length;
  let units = 0;
  for (const char of text) units += gsmExtension.has(char) ? 2 : 1;
  return units;
}

export function measureSms(text: string): SmsLength {
  const encoding = smsEncoding(text);
  const units = unitsOf(text, encoding);
  const size = perSegment[encoding];
  const segments = units === 0 ? 1 : units <= size.single ? 1 : Math.ceil(units / size.multi);
  return { encoding, units, segments };
}

/**
 * `text` as it is if it fits in `maxSegments`; otherwise cut at a word, with `…` and then `tail`
 * (the item's link) kept whole, so the resident can read the rest on the web.
 */
export function fitSms(text: string, tail = '', maxSegments: number = maxReplySegments): string {
  const whole = tail ? `${text} ${tail}` : text;
  if (measureSms(whole).segments <= maxSegments) return whole;
  const chars = [...text];
  // Shortest cut that fits, by bisection on the number of characters kept.
  let low = 0;
  let high = chars.length;
  const candidate = (n: number) => {
    const kept = chars.slice(0, n).join('');
    const atWord = n < chars.length ? kept.replace(/\s+\S*$/, '') || kept : kept;
    return `${atWord.trimEnd()}…${tail ? ` ${tail}` : ''}`;
  };
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measureSms(candidate(mid)).segments <= maxSegments) low = mid;
    else high = mid - 1;
  }
  return candidate(low);
}

const trailingLink = /\s(https?:\/\/\S+)$/;

/** `fitSms` for a finished text: a link ending it is kept whole, the words before it are cut. */
export function fitSmsKeepingLink(text: string, maxSegments: number = maxReplySegments): string {
  const link = trailingLink.exec(text);
  return link ? fitSms(text.slice(0, link.index), link[1], maxSegments) : fitSms(text, '', maxSegments);
}

/**
 * A numbered list (`1. …` lines between a header and a footer) in `maxSegments`: the longest
 * lines are shortened first, each keeping its number, so every item stays on the screen.
 */
export function fitSmsList(header: string, lines: readonly string[], footer: string, maxSegments: number = maxReplySegments): string {
  const compose = (ls: readonly string[]) => [header, ...ls, footer].join('\n');
  const fits = (text: string) => measureSms(text).segments <= maxSegments;
  let current = [...lines];
  for (let max = 80; max >= 12 && !fits(compose(current)); max -= 2) {
    current = current.map((line) => ([...line].length > max ? `${[...line].slice(0, max - 1).join('').trimEnd()}…` : line));
  }
  return fitSms(compose(current), '', maxSegments);
}

/**
 * A template whose fixed words must all arrive (an instruction such as "Répondez ANNULER…", which
 * `fitSms` would cut from the end): the named values are shortened instead, the longest first, each
 * ending in `…`, until the filled template fits. Values not named stay whole.
 */
export function fitSmsValues(
  fill: (values: Record<string, string>) => string,
  values: Record<string, string>,
  shrinkable: readonly string[],
  maxSegments: number = maxReplySegments,
): string {
  const kept = Object.fromEntries(shrinkable.map((key) => [key, [...(values[key] ?? '')].length]));
  const current = () => ({
    ...values,
    ...Object.fromEntries(
      shrinkable.map((key) => {
        const chars = [...(values[key] ?? '')];
        return [key, kept[key]! < chars.length ? `${chars.slice(0, kept[key]).join('').trimEnd()}…` : chars.join('')];
      }),
    ),
  });
  while (measureSms(fill(current())).segments > maxSegments) {
    const longest = shrinkable.reduce((a, b) => (kept[b]! > kept[a]! ? b : a));
    // A value is never cut below a recognisable start; past that, the end is cut (a closing link kept).
    if (kept[longest]! <= 12) return fitSmsKeepingLink(fill(current()), maxSegments);
    kept[longest] = kept[longest]! - 2;
  }
  return fill(current());
}
