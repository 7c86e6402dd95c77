import type { Core } from '@strapi/strapi';
import { participationConfig } from './config';
import { ensureOutboxIndexes } from './messages/claim';
import { configureMessages } from './messages/send';
import { startOutboxWorker, type OutboxWorker } from './messages/worker';
import { loadMessageSettings } from './messages/settings';
import { privateContentTypes, staffContentTypes } from './private-content-types';
import { ensureResponseIndexes } from './consultations/responses';
import { ensureSeatPoolIndexes } from './events/registrations';
import { ensureCountIndexes } from './petitions/counts';
import { ensureSignatureIndexes } from './petitions/signatures';
import { ensureProofOfWorkIndexes } from './proof-of-work/challenges';
import { registerOutboxGauges } from './messages/outbox-gauges';
import { ensureInboundIndexes } from './sms/inbound';
import { ensureVoiceIndexes } from './voice/limits';
import { ensureAlertIndexes } from './alerts/subscriptions';
import { reportAntivirusAtBoot } from './space/antivirus';
import { ensureSpaceIndexes } from './space/sessions';

/** register(): the private collections get no GraphQL types, queries or mutations at all. */
export function hidePrivateTypesFromGraphql(strapi: Core.Strapi): void {
  const graphql = strapi.plugin('graphql');
  if (!graphql) return;
  const extension = graphql.service('extension');
  for (const uid of [...privateContentTypes, ...staffContentTypes]) extension.shadowCRUD(uid).disable();
}

let worker: OutboxWorker | null = null;

/**
 * bootstrap(): database indexes the schema files cannot express, the message transports, and this
 * process's outbox worker (every CMS process runs one; the claim keeps them off each other's rows).
 */
export async function bootstrapParticipation(strapi: Core.Strapi): Promise<void> {
  // Read and validate the settings now: a missing secret or message transport in production stops
  // the boot, not a resident's request.
  participationConfig();
  reportAntivirusAtBoot(strapi);
  const messages = loadMessageSettings();
  await ensureSignatureIndexes(strapi);
  await ensureCountIndexes(strapi);
  await ensureProofOfWorkIndexes(strapi);
  await ensureSeatPoolIndexes(strapi);
  await ensureResponseIndexes(strapi);
  await ensureOutboxIndexes(strapi);
  await ensureInboundIndexes(strapi);
  await ensureVoiceIndexes(strapi);
  await ensureAlertIndexes(strapi);
  await ensureSpaceIndexes(strapi);
  registerOutboxGauges(strapi);
  configureMessages(strapi, messages);
  await stopOutboxWorker();
  worker = startOutboxWorker(strapi, messages.outbox);
  if (messages.email === 'dev-outbox' || messages.sms.provider === 'dev-outbox') {
    const channels = [messages.email === 'dev-outbox' && 'emails', messages.sms.provider === 'dev-outbox' && 'text messages'].filter(Boolean).join(' and ');
    strapi.log.info(`[passerelle] development: ${channels} go to the dev outbox file, not to people (see /participer/dev/outbox)`);
  }
}

/** destroy(): the current round finishes (its messages are recorded), and no other starts. */
export async function stopOutboxWorker(): Promise<void> {
  const current = worker;
  worker = null;
  await current?.stop();
}
