import { renderLandingPage, renderMessagePage, type LandingItem, type LandingKind } from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { sendHtml, type Ctx } from './respond';

/** The write path's own 404: an unknown address, or a landing page for an item that is not published. */
export function sendNotFound(ctx: Ctx, locale: Locale): void {
  sendHtml(ctx, 404, renderMessagePage(locale, t(locale, 'notFoundTitle'), t(locale, 'notFoundBody')));
}

/** A page a form lands on, about a published item; `no-store` and `noindex` like every write-path page. */
export function sendLanding(ctx: Ctx, locale: Locale, kind: LandingKind, item: LandingItem | null): void {
  if (!item) return sendNotFound(ctx, locale);
  sendHtml(ctx, 200, renderLandingPage(locale, kind, item));
}
