import type { Core } from '@strapi/strapi';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { participationConfig } from '../config';
import { sendEmail, sendSms } from '../messages/send';
import type { OutgoingMessage } from './signatures';

/** The confirmation link points at the site's origin; the site proxies /participer/ to the CMS. */
export function confirmationLink(token: string, locale: Locale): string {
  return `${participationConfig().siteUrl}/participer/petitions/confirmer?jeton=${encodeURIComponent(token)}&locale=${locale}`;
}

/** Sends what `recordSignature` decided, after its transaction: addresses come from the row on file. */
export async function sendSignatureMessages(
  strapi: Core.Strapi,
  locale: Locale,
  petitionTitle: string,
  messages: OutgoingMessage[],
): Promise<void> {
  for (const message of messages) {
    if (message.kind === 'already-signed') {
      if (message.email) {
        await sendEmail(strapi, {
          to: message.email,
          subject: t(locale, 'mailAlreadySignedSubject'),
          text: t(locale, 'mailAlreadySignedBody', { name: message.name, title: petitionTitle }),
        });
      }
      if (message.phone) await sendSms(message.phone, t(locale, 'smsAlreadySigned', { title: petitionTitle }));
      continue;
    }
    if (message.email && message.token) {
      await sendEmail(strapi, {
        to: message.email,
        subject: t(locale, 'mailConfirmSubject'),
        text: t(locale, 'mailConfirmBody', { name: message.name, title: petitionTitle, link: confirmationLink(message.token, locale) }),
      });
    }
    if (message.phone && message.code) await sendSms(message.phone, t(locale, 'smsConfirm', { code: message.code }));
  }
}
