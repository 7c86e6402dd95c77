import { t } from '../i18n.ts';
import type { Locale } from '../locales.ts';
import { fitSmsValues } from './sms-length.ts';

/**
 * The text a registered person gets the day before an event: title, time and place, and how to
 * free the seat by replying `ANNULER` / `CANCEL` (the words the command parser takes). The title,
 * then the place, are shortened to fit; the instruction is never cut.
 */
export function eventReminderSms(locale: Locale, values: { title: string; when: string; place: string }): string {
  return fitSmsValues((v) => t(locale, 'smsEventReminder', v), values, ['title', 'place']);
}
