import type { Core } from '@strapi/strapi';
import { cmsConfig } from '../config';

/**
 * Registers (or updates) the webhook that tells the publisher to rebuild the site, from
 * PUBLISHER_URL and PUBLISHER_SECRET. Idempotent across boots: the stored webhook with our name
 * or URL is updated rather than duplicated. Without PUBLISHER_URL, any webhook left from an
 * earlier configuration is removed, so nothing is sent to a publisher that is gone.
 *
 * Stored webhooks are loaded into the runner before bootstrap, so a webhook created or changed
 * here must also be handed to `webhookRunner` (shared/RECIPES.md) or it fires only after a restart.
 */
export const PUBLISHER_WEBHOOK_NAME = 'Passerelle — publication du site';
export const PUBLISHER_SECRET_HEADER = 'X-Passerelle-Publisher-Secret';

const EVENTS = ['entry.publish', 'entry.unpublish', 'entry.delete', 'entry.update', 'media.create', 'media.update', 'media.delete'];

interface StoredWebhook {
  id: string;
  name: string;
  url: string;
  headers: Record<string, string>;
  events: string[];
  isEnabled: boolean;
}

export async function registerPublisherWebhook(strapi: Core.Strapi): Promise<void> {
  const store = strapi.get('webhookStore');
  const runner = strapi.get('webhookRunner');
  const { PUBLISHER_URL, PUBLISHER_SECRET } = cmsConfig().publishing;
  const url = PUBLISHER_URL?.trim() || undefined;
  const existing = ((await store.findWebhooks()) as StoredWebhook[]).filter(
    (hook) => hook.name === PUBLISHER_WEBHOOK_NAME || (url !== undefined && hook.url === url),
  );

  if (!url) {
    for (const hook of existing) {
      await store.deleteWebhook(hook.id);
      runner.remove(hook);
    }
    return;
  }

  const secret = PUBLISHER_SECRET?.trim();
  if (!secret) {
    throw new Error(
      'Passerelle CMS: PUBLISHER_URL est défini mais PUBLISHER_SECRET est vide — set PUBLISHER_SECRET (the same value as the publisher).',
    );
  }
  const allowed = new Set<string>(store.allowedEvents.values());
  const events = EVENTS.filter((event) => allowed.has(event));
  const missing = EVENTS.filter((event) => !allowed.has(event));
  if (missing.length > 0) strapi.log.warn(`Publisher webhook: events not available here: ${missing.join(', ')}`);

  const wanted = { name: PUBLISHER_WEBHOOK_NAME, url, headers: { [PUBLISHER_SECRET_HEADER]: secret }, events, isEnabled: true };
  const [first, ...duplicates] = existing;
  for (const hook of duplicates) {
    await store.deleteWebhook(hook.id);
    runner.remove(hook);
  }
  if (first) {
    const updated = await store.updateWebhook(first.id, wanted);
    if (updated) runner.update(updated);
  } else {
    runner.add(await store.createWebhook(wanted));
  }
  strapi.log.info(`Publisher webhook → ${url} (${events.length} events)`);
}
