import { formatDateTime } from '../dates.ts';
import { escapeHtml } from './html.ts';
import { link, withLocale } from './space-html.ts';
import { participationRoutes, participationUrl } from './routes.ts';
import { t } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * The "Proposer au site public" link on a meeting's or a request's page, and what was already
 * proposed from it ("Brouillon proposé le …"). Its own small file: the meeting and request pages
 * show it, and the form (space-to-public.ts) reads the meetings' text rules.
 */
export const publicDraftSources = ['meeting', 'hand'] as const;
export type PublicDraftSource = (typeof publicDraftSources)[number];
export const publicDraftKinds = ['event', 'call'] as const;
export type PublicDraftKind = (typeof publicDraftKinds)[number];

export const spacePublicDraftPath = (source: PublicDraftSource, documentId: string) =>
  participationUrl(source === 'meeting' ? participationRoutes.showMeetingPublicDraft.path : participationRoutes.showHandPublicDraft.path, documentId);

/** A draft made from a source: its kind and when (never who: the page is seen by the whole table). */
export interface PublicDraftMark {
  kind: PublicDraftKind;
  at: string;
}

export function publicDraftBlock(locale: Locale, source: PublicDraftSource, documentId: string, drafts: readonly PublicDraftMark[]): string {
  const made = drafts
    .map((d) => `<p class="hint">${escapeHtml(t(locale, d.kind === 'event' ? 'publicDraftMadeEvent' : 'publicDraftMadeCall', { when: formatDateTime(d.at, locale) }))}</p>`)
    .join('');
  return made + `<p>${link(withLocale(spacePublicDraftPath(source, documentId), locale), t(locale, drafts.length ? 'publicDraftProposeAgain' : 'publicDraftPropose'))}</p>`;
}
