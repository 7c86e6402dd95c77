import { allowsDevDefaults } from '../../../config/env-secrets';
import { escapeHtml, renderPage } from '@passerelle/shared/participation';
import { sendNotFound } from '../http/pages';
import { sendHtml, sendJson, type Ctx } from '../http/respond';
import { readOutbox } from '../messages/outbox';
import { messageSettings } from '../messages/settings';

/**
 * A message's text with its URLs made links to the same path on this host. Characters a URL may
 * not hold unescaped (the admin's `plugins[i18n][locale]` query, say) are percent-encoded in the
 * href, so the page stays valid HTML; the text shows the URL as it was sent.
 */
export function linkifyOutboxText(text: string): string {
  return escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => {
    const path = url.replace(/^https?:\/\/[^/]+/, '').replace(/[[\]{}|^`\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
    return `<a href="${path}">${url}</a>`;
  });
}

/**
 * /participer/dev/outbox: every email and text message the app "sent" without SMTP, newest first,
 * links clickable so a tester can confirm a signature. `.json` for scripts. Never in production
 * (the router answers 404 there), nor in any environment that is not development or test: a file
 * left from an earlier run must not be served.
 */
export function showOutbox(ctx: Ctx, asJson: boolean): void {
  if (!allowsDevDefaults()) return sendNotFound(ctx, 'fr');
  const messages = readOutbox();
  if (asJson) return sendJson(ctx, 200, messages);
  const items = messages
    .map(
      (m) =>
        `<li><p><strong>${m.channel === 'sms' ? 'Texto' : 'Courriel'}</strong> → ${escapeHtml(m.to)} · <time datetime="${escapeHtml(m.at)}">${escapeHtml(m.at)}</time></p>` +
        (m.subject ? `<p>${escapeHtml(m.subject)}</p>` : '') +
        `<pre>${linkifyOutboxText(m.text)}</pre>` +
        (m.attachments?.length ? `<p>${m.attachments.map((a) => escapeHtml(a.filename)).join(', ')}</p>` : '') +
        `</li>`,
    )
    .join('');
  sendHtml(
    ctx,
    200,
    renderPage({
      locale: 'fr',
      title: 'Boîte d’envoi (développement)',
      body:
        `<h1>Boîte d’envoi (développement)</h1><p>Messages gardés ici parce qu’aucun serveur SMTP ou fournisseur de textos n’est configuré. ` +
        `Ils sont effacés après ${messageSettings().devOutboxDays} jours. Cette page n’existe pas en production.</p>` +
        (items ? `<ol reversed>${items}</ol>` : '<p>Aucun message.</p>'),
    }),
  );
}
