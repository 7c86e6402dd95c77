import type { Core } from '@strapi/strapi';
import { formatPhone, type InterestInput } from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import { suspectReasonFor } from '../abuse';
import { newDocumentId } from '../crypto';
import { queueEmail } from '../messages/send';
import type { CallTarget } from './call-lookup';
import { cmsConfig } from '../../config';

/**
 * "I'm interested": stored (so nothing is lost if the message bounces or nobody is named), and
 * forwarded to the call's contact person, else its organization, else the OC team
 * (`PROPOSALS_NOTIFY_EMAIL`): the message is queued in the same transaction as the row. Suspect
 * submissions are stored and not forwarded.
 */
const uid = 'api::participation.interest';

export async function recordInterest(strapi: Core.Strapi, call: CallTarget, input: InterestInput, ipHash: string, now = Date.now()): Promise<'accepted' | 'suspect'> {
  // Nobody named on the call or its organization: the OC team's address, so someone answers.
  const to = call.notifyEmail || cmsConfig().participation.PROPOSALS_NOTIFY_EMAIL || null;
  const suspectReason = await strapi.db.transaction(async () => {
    const reason = await suspectReasonFor(strapi, uid, { callDocumentId: call.documentId }, ipHash, input.website, now);
    const documentId = newDocumentId();
    await strapi.db.query(uid).create({
      data: {
        documentId,
        callDocumentId: call.documentId,
        name: input.name,
        email: input.email,
        phone: input.phone,
        preferredContactTime: input.preferredContactTime,
        language: input.locale,
        ipHash,
        submittedAtMs: now,
        suspectReason: reason,
      },
    });
    if (!reason && to) {
      // OCs work in French; the person's language is in the message so they answer in it.
      await queueEmail(
        strapi,
        { kind: 'interest-forward', key: documentId },
        {
          to,
          subject: t('fr', 'mailInterestSubject', { title: call.title }),
          text: t('fr', 'mailInterestBody', {
            title: call.title,
            name: input.name,
            email: input.email ?? '—',
            phone: input.phone ? formatPhone(input.phone) : '—',
            time: input.preferredContactTime ?? '—',
            language: input.locale === 'fr' ? 'français' : 'anglais',
          }),
        },
      );
    }
    return reason;
  });
  if (suspectReason) return 'suspect';
  if (!to) strapi.log.warn(`[participation] interest in call ${call.slug}: no contact email on the call or its organization, and PROPOSALS_NOTIFY_EMAIL is not set; stored only`);
  return 'accepted';
}
