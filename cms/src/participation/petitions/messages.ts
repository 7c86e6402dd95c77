import type { Core } from '@strapi/strapi';
import { pt, type ParticipationLocale } from '../../generated/participation';
import { participationConfig } from '../config';
import { sendEmail, sendSms } from '../messages/send';
import type { IssuedSecrets } from './signatures';

/** The confirmation link points at the site's origin; the site proxies /participer/ to the CMS. */
export function confirmationLink(token: string, locale: ParticipationLocale): string {
  return `${participationConfig().siteUrl}/participer/petitions/confirmer?jeton=${encodeURIComponent(token)}&locale=${locale}`;
}

export async function sendSignatureConfirmation(
  strapi: Core.Strapi,
  locale: ParticipationLocale,
  petitionTitle: string,
  to: { name: string; email: string | null; phone: string | null },
  secrets: IssuedSecrets,
): Promise<void> {
  if (to.email) {
    await sendEmail(strapi, {
      to: to.email,
      subject: pt(locale, 'mailConfirmSubject'),
      text: pt(locale, 'mailConfirmBody', { name: to.name, title: petitionTitle, link: confirmationLink(secrets.token, locale) }),
    });
  }
  if (to.phone) await sendSms(to.phone, pt(locale, 'smsConfirm', { code: secrets.code }));
}
