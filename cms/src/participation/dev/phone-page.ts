import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { escapeHtml, formatPhone, normalisePhone, participationPaths, renderPage } from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import { allowsDevDefaults } from '../../../config/env-secrets';
import { readFormOrRefuse } from '../http/form-action';
import { sendNotFound } from '../http/pages';
import { seeOther, sendHtml, type Ctx } from '../http/respond';
import { readOutbox } from '../messages/outbox';
import { wakeOutboxWorkers } from '../messages/send';
import { handleIncomingSms } from '../sms/inbound';

/**
 * /participer/dev/telephone: a basic phone on screen, without JavaScript. Type a number and a
 * message, send: the CMS handles it exactly as a provider's signed webhook (sms/inbound.ts),
 * and the page shows the text messages that number received, newest first, from the dev outbox.
 * Development and test only (the router answers 404 elsewhere, and so does this page).
 */
const defaultNumber = '+15145550199';

function page(number: string, sentText: string): string {
  const received = readOutbox(500).filter((m) => m.channel === 'sms' && m.to === number);
  const items = received.map((m) => `<li><time datetime="${escapeHtml(m.at)}">${escapeHtml(m.at.slice(11, 19))}</time><pre>${escapeHtml(m.text)}</pre></li>`).join('');
  return renderPage({
    locale: 'fr',
    title: t('fr', 'smsDevPhoneTitle'),
    body:
      `<h1>${escapeHtml(t('fr', 'smsDevPhoneTitle'))}</h1>` +
      `<p>Textez Passerelle comme le ferait une personne avec un téléphone de base. Réponses lues dans la boîte d’envoi de développement. Cette page n’existe pas en production.</p>` +
      `<form method="post" action="${participationPaths.devPhone}">` +
      `<div class="field"><label for="numero">Numéro</label><input id="numero" name="numero" type="tel" value="${escapeHtml(formatPhone(number))}"></div>` +
      `<div class="field"><label for="texte">Message</label><input id="texte" name="texte" type="text" maxlength="1600" value="${escapeHtml(sentText)}" autocomplete="off"></div>` +
      `<button type="submit">Envoyer</button></form>` +
      `<h2>Textos reçus par ${escapeHtml(formatPhone(number))}</h2>` +
      (items ? `<ol reversed>${items}</ol>` : '<p>Aucun texto.</p>'),
  });
}

export function showDevPhone(ctx: Ctx, params: URLSearchParams): void {
  if (!allowsDevDefaults()) return sendNotFound(ctx, 'fr');
  const number = normalisePhone(params.get('numero') ?? '') ?? defaultNumber;
  sendHtml(ctx, 200, page(number, ''));
}

export async function sendFromDevPhone(strapi: Core.Strapi, ctx: Ctx): Promise<void> {
  if (!allowsDevDefaults()) return sendNotFound(ctx, 'fr');
  const fields = await readFormOrRefuse(ctx, 'fr');
  if (!fields) return;
  const number = normalisePhone(fields.numero ?? '');
  const text = (fields.texte ?? '').slice(0, 1600);
  if (!number) return sendHtml(ctx, 422, page(defaultNumber, text));
  const before = readOutbox(500).filter((m) => m.to === number).length;
  await handleIncomingSms(strapi, { provider: 'dev-phone', messageId: `dev-${randomBytes(12).toString('hex')}`, from: number, text });
  // The reply leaves through the outbox worker a moment later: wait for it (2 s at most) so the page shows it.
  wakeOutboxWorkers();
  for (let waited = 0; waited < 2_000 && readOutbox(500).filter((m) => m.to === number).length === before; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  seeOther(ctx, `${participationPaths.devPhone}?numero=${encodeURIComponent(number)}`);
}
