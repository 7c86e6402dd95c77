import type { Core } from '@strapi/strapi';
import { participationConfig } from './config';
import { configureMessages } from './messages/send';
import { loadMessageSettings } from './messages/settings';
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

/** bootstrap(): database indexes the schema files cannot express, and the message transports. */
export async function bootstrapParticipation(strapi: Core.Strapi): Promise<void> {
  // Read and validate the settings now: a missing secret or message transport in production stops
  // the boot, not a resident's request.
  participationConfig();
  const messages = loadMessageSettings();
  await ensureSignatureIndexes(strapi);
  await ensureCountIndexes(strapi);
  await ensureProofOfWorkIndexes(strapi);
  await ensureSeatPoolIndexes(strapi);
  await ensureResponseIndexes(strapi);
  configureMessages(strapi, messages);
  if (messages.email === 'dev-outbox' || messages.sms.provider === 'dev-outbox') {
    const channels = [messages.email === 'dev-outbox' && 'emails', messages.sms.provider === 'dev-outbox' && 'text messages'].filter(Boolean).join(' and ');
    strapi.log.info(`[passerelle] development: ${channels} go to the dev outbox file, not to people (see /participer/dev/outbox)`);
  }
}
