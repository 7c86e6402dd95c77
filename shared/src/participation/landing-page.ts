import { escapeHtml } from './html.ts';
import { renderPage } from './page-shell.ts';
import type { LandingKind } from './routes.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * The pages a form lands on after a 303: "check your messages", "confirmed", "registered",
 * "waiting list", "thank you". Only the person who just posted ever sees one, so the CMS renders
 * them on demand instead of the site pre-rendering two per item and locale (about half the pages
 * of a 10,000-item build).
 */
interface LandingContent {
  title: MessageKey;
  paragraphs: MessageKey[];
  back: MessageKey;
}

export const landingContent = {
  petitionThanks: { title: 'thanksTitle', paragraphs: ['thanksBody', 'thanksSpam'], back: 'backToPetition' },
  petitionConfirmed: { title: 'confirmedTitle', paragraphs: ['confirmedBody'], back: 'backToPetition' },
  eventRegistered: { title: 'registeredTitle', paragraphs: ['registeredBody'], back: 'backToEvent' },
  eventWaitlisted: { title: 'waitlistedTitle', paragraphs: ['waitlistedBody'], back: 'backToEvent' },
  consultationThanks: { title: 'consultThanksTitle', paragraphs: ['consultThanksBody'], back: 'backToConsultation' },
  callThanks: { title: 'interestThanksTitle', paragraphs: ['interestThanksBody'], back: 'backToCall' },
} as const satisfies Record<LandingKind, LandingContent>;

export interface LandingItem {
  title: string;
  pageHref: string;
  /** Sentences known only now, already in the page's language (a petition's count once confirmed). */
  facts?: string[];
  /** Links to offer before the way back (an event's calendar file), text in the page's language. */
  links?: Array<{ href: string; text: string }>;
}

/** Heading, the item's title, what happens next, and the way back to the item's page. */
export function renderLandingPage(locale: Locale, kind: LandingKind, item: LandingItem): string {
  const content: LandingContent = landingContent[kind];
  const title = t(locale, content.title);
  return renderPage({
    locale,
    title,
    // What happens next, the page's reason to be.
    description: content.paragraphs.map((key) => t(locale, key)).join(' '),
    body:
      `<h1>${escapeHtml(title)}</h1><p class="lead">${escapeHtml(item.title)}</p>` +
      content.paragraphs.map((key) => `<p>${escapeHtml(t(locale, key))}</p>`).join('') +
      (item.facts ?? []).map((fact) => `<p>${escapeHtml(fact)}</p>`).join('') +
      (item.links ?? []).map((link) => `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.text)}</a></p>`).join('') +
      `<p><a href="${escapeHtml(item.pageHref)}">${escapeHtml(t(locale, content.back))}</a></p>`,
  });
}
