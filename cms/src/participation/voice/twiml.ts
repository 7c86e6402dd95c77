import type { Locale } from '@passerelle/shared/locales';
import { sayLanguages } from './prompts';

/**
 * The XML both providers read: TwiML for Twilio, TeXML for Telnyx, which takes the same verbs
 * (`Say`, `Gather`, `Play`, `Redirect`, `Hangup`) and attributes used here. `Play` takes an
 * absolute URL of an MP3 or WAV file (neither provider plays AAC or Opus). Every text and URL is escaped,
 * so a title typed in the CMS (`<`, `&`, quotes) can never become markup.
 */
export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The voices of this boot (VOICE_TTS_VOICE_FR / _EN). */
export type Voices = Record<Locale, string>;

export type Verb =
  | { say: string; language: Locale }
  | { gather: { action: string; finishOnKey: string; numDigits?: number; timeout: number }; say: Array<{ say: string; language: Locale }> }
  | { play: string }
  | { redirect: string }
  | { hangup: true };

function say(text: string, language: Locale, voices: Voices): string {
  return `<Say language="${sayLanguages[language]}" voice="${escapeXml(voices[language])}">${escapeXml(text)}</Say>`;
}

export function renderResponse(verbs: readonly Verb[], voices: Voices): string {
  const body = verbs
    .map((verb) => {
      if ('hangup' in verb) return '<Hangup/>';
      if ('redirect' in verb) return `<Redirect method="POST">${escapeXml(verb.redirect)}</Redirect>`;
      if ('play' in verb) return `<Play>${escapeXml(verb.play)}</Play>`;
      if ('gather' in verb) {
        const { action, finishOnKey, numDigits, timeout } = verb.gather;
        const attributes = `input="dtmf" action="${escapeXml(action)}" method="POST" finishOnKey="${escapeXml(finishOnKey)}" timeout="${timeout}"${numDigits ? ` numDigits="${numDigits}"` : ''}`;
        return `<Gather ${attributes}>${verb.say.map((s) => say(s.say, s.language, voices)).join('')}</Gather>`;
      }
      return say(verb.say, verb.language, voices);
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${body}</Response>`;
}

/**
 * What is read from the CMS, made fit to be heard: no address of a web page (nobody can type what
 * they hear), no emoji (read by name, "visage souriant", or skipped, depending on the voice), no
 * line breaks, no runs of spaces.
 */
export function spoken(text: string): string {
  return text
    .replace(/\bhttps?:\/\/\S+/gi, '')
    .replace(/\bwww\.\S+/gi, '')
    .replace(/\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|\u{FE0F}|\u{200D}|\u{20E3}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}
