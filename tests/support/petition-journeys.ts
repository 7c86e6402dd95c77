import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { participationPaths } from '@passerelle/shared/participation/paths';
import type { OutboxMessage } from './participation.ts';
import { builtFiles, siteDist, urlPathOf } from './site.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Browser-side helpers for the petition journeys: which built petition pages carry the form, and
 * the dev outbox (served by the CMS in development, through the site's /participer/ proxy).
 */
export function signablePetitionPaths(locale: 'fr' | 'en' = 'fr'): string[] {
  const dir = locale === 'fr' ? join(siteDist, 'petitions') : join(siteDist, 'en', 'petitions');
  return builtFiles('index.html', dir)
    .filter((file) => readFileSync(file, 'utf8').includes('id="signer-name"'))
    .map(urlPathOf);
}

export async function lastMessageTo(request: APIRequestContext, to: string): Promise<OutboxMessage> {
  let found: OutboxMessage | undefined;
  await expect
    .poll(async () => {
      const messages = (await (await request.get(participationPaths.outboxJson)).json()) as OutboxMessage[];
      found = messages.find((m) => m.to === to);
      return Boolean(found);
    })
    .toBe(true);
  return found!;
}

export const uniqueEmail = (who: string) => `${who}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@exemple.ca`;

/** A 514 number nobody else in this run uses. */
export const uniquePhone = () => `514 555-${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;

export async function fillSignature(page: Page, fields: { name: string; postalCode: string; email?: string; phone?: string; consent?: boolean }) {
  await page.getByLabel('Votre nom').fill(fields.name);
  await page.getByLabel('Votre code postal').fill(fields.postalCode);
  if (fields.email !== undefined) await page.getByLabel('Courriel').fill(fields.email);
  if (fields.phone !== undefined) await page.getByLabel(/^Cellulaire/).fill(fields.phone);
  if (fields.consent) await page.getByLabel(/Je signe cette pétition/).check();
}

/** The first outbox message whose text contains `needle` (e.g. a unique name), waiting for it. */
export async function messageContaining(request: APIRequestContext, needle: string): Promise<OutboxMessage> {
  let found: OutboxMessage | undefined;
  await expect
    .poll(async () => {
      const messages = (await (await request.get(participationPaths.outboxJson)).json()) as OutboxMessage[];
      found = messages.find((m) => m.text.includes(needle));
      return Boolean(found);
    })
    .toBe(true);
  return found!;
}
