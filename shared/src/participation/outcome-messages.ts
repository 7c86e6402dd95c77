import { formatDate } from '../dates.ts';
import { enumKey, t } from '../i18n.ts';
import type { Locale } from '../locales.ts';
import type { OutcomeStatus } from '../content/outcome.ts';
import { fitSmsValues } from './sms-length.ts';

/**
 * "What changed": the words of the one message a resident who signed a petition (and asked for news)
 * or answered a consultation (and agreed to be contacted) gets when the OC posts its outcome. Pure, so
 * their length is tested here; the CMS (participation/outcomes/) picks who gets them and queues them.
 * They name the item and its outcome, never anyone else.
 */
export interface OutcomeMessageInput {
  kind: 'petition' | 'consultation';
  title: string;
  status: OutcomeStatus;
  /** A calendar day, `2026-11-20`. */
  date: string;
  text: string | null;
  /** The item's page, its short link when it has one (shorter to type from a text). */
  url: string;
}

/** Noon in Québec is the same day everywhere: a bare calendar day read as UTC midnight would be the day before. */
export function outcomeDay(date: string, locale: Locale): string {
  return formatDate(`${date}T12:00:00-05:00`, locale);
}

function shortOutcomeDay(date: string, locale: Locale): string {
  const text = new Intl.DateTimeFormat(locale === 'fr' ? 'fr-CA' : 'en-CA', { day: 'numeric', month: 'long', timeZone: 'America/Toronto' }).format(new Date(`${date}T12:00:00-05:00`));
  // "1er décembre", as formatDate writes it.
  return locale === 'fr' ? text.replace(/^1 /, '1er ') : text;
}

export function outcomeStatusLabel(locale: Locale, status: OutcomeStatus): string {
  return t(locale, enumKey('outcomeStatus', status));
}

export function outcomeEmail(locale: Locale, input: OutcomeMessageInput): { subject: string; text: string } {
  const line = t(locale, 'outcomeOn', { status: outcomeStatusLabel(locale, input.status), date: outcomeDay(input.date, locale) });
  const outcome = input.text ? `${line}.\n\n${input.text}` : `${line}.`;
  return {
    subject: t(locale, 'mailOutcomeSubject', { title: input.title }),
    text: t(locale, input.kind === 'petition' ? 'mailPetitionOutcomeBody' : 'mailConsultationOutcomeBody', { title: input.title, outcome, url: input.url }),
  };
}

/** At most three segments: the outcome's text, then the title, are shortened; the status, the day and the link stay whole. */
export function outcomeSms(locale: Locale, input: OutcomeMessageInput): string {
  const values = { title: input.title, status: outcomeStatusLabel(locale, input.status), date: shortOutcomeDay(input.date, locale), text: input.text ?? '', url: input.url };
  return fitSmsValues((v) => t(locale, 'smsOutcome', v).replace(/ {2,}/g, ' '), values, ['text', 'title']);
}
