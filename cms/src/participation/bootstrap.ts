import type { Core } from '@strapi/strapi';
import { participationConfig } from './config';
import { outboxEmailProvider } from './messages/outbox-email-provider';
import { privateContentTypes } from './private-content-types';
import { ensureResponseIndexes } from './consultations/responses';
import { ensureSeatPoolIndexes } from './events/registrations';
import { ensureCountIndexes } from './petitions/counts';
import { ensureSignatureIndexes } from './petitions/signatures';
import { ensureProofOfWorkIndexes } from './proof-of-work/challenges';

/** register(): the private collections get no GraphQL types, queries or mutations at all. */
export function hidePrivateTypesFromGraphql(strapi: Core.Strapi): void {
  const graphql = strapi.plugin('graphql');
  if (!graphql) return;
  const extension = graphql.service('extension');
  for (const uid of privateContentTypes) extension.shadowCRUD(uid).disable();
}

/** bootstrap(): database indexes the schema files cannot express, and the message transport. */
export async function bootstrapParticipation(strapi: Core.Strapi): Promise<void> {
  // Read and validate the settings now: a missing secret in production stops the boot, not a request.
  participationConfig();
  await ensureSignatureIndexes(strapi);
  await ensureCountIndexes(strapi);
  await ensureProofOfWorkIndexes(strapi);
  await ensureSeatPoolIndexes(strapi);
  await ensureResponseIndexes(strapi);
  if (!process.env.SMTP_HOST) {
    strapi.plugin('email').provider = outboxEmailProvider;
    const note = '[passerelle] SMTP_HOST not set: emails go to the dev outbox file, not to people';
    // Production without SMTP is a misconfiguration (people get no links), but not worth refusing to serve the site's forms.
    if (process.env.NODE_ENV === 'production') strapi.log.warn(`${note} — set SMTP_HOST.`);
    else strapi.log.info(`${note} (see /participer/dev/outbox)`);
  }
}
