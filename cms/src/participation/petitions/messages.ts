import type { Core } from '@strapi/strapi';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { participationConfig } from '../config';
import { newDocumentId } from '../crypto';
import { queueEmail, queueSms, supersedePending } from '../messages/send';
import type { OutgoingMessage } from './signatures';

/** The confirmation link points at the site's origin; the site proxies /participer/ to the CMS. */
export function confirmationLink(token: string, locale: Locale): string {
  return `${participationConfig().siteUrl}/participer/petitions/confirmer?jeton=${encodeURIComponent(token)}&locale=${locale}`;
}

/**
 * Queues what `recordSignature` decided, inside its transaction: addresses come from the row on
 * file. Each message is new (a new token or code each time), so its key is fresh too; it starts
 * with the signature's id so that a new code supersedes an older one still waiting to be sent
 * (say, while the SMS provider was down): the resident never receives a dead code after the live one.
 */
export async function queueSignatureMessages(strapi: Core.Strapi, locale: Locale, petitionTitle: string, messages: OutgoingMessage[]): Promise<void> {
  for (const message of messages) {
    const key = `${message.signatureDocumentId}:${newDocumentId()}`;
    if (message.kind === 'already-signed') {
      const origin = { kind: 'petition-already-signed', key } as const;
      if (message.email) {
        await queueEmail(strapi, origin, {
          to: message.email,
          subject: t(locale, 'mailAlreadySignedSubject'),
          text: t(locale, 'mailAlreadySignedBody', { name: message.name, title: petitionTitle }),
        });
      }
      if (message.phone) await queueSms(strapi, origin, message.phone, t(locale, 'smsAlreadySigned', { title: petitionTitle }));
      continue;
    }
    const origin = { kind: 'petition-confirmation', key } as const;
    if (message.email && message.token) {
      await supersedePending(strapi, 'email', { kind: origin.kind, key: message.signatureDocumentId });
      await queueEmail(strapi, origin, {
        to: message.email,
        subject: t(locale, 'mailConfirmSubject'),
        text: t(locale, 'mailConfirmBody', { name: message.name, title: petitionTitle, link: confirmationLink(message.token, locale) }),
      });
    }
    if (message.phone && message.code) {
      await supersedePending(strapi, 'sms', { kind: origin.kind, key: message.signatureDocumentId });
      await queueSms(strapi, origin, message.phone, t(locale, 'smsConfirm', { code: message.code }));
    }
  }
}
