import { escapeHtml, attrs } from './html.ts';
import { formField } from './form-field.ts';
import { canonicalEmail, normaliseEmail, normalisePhone } from './normalise.ts';
import { renderErrorSummary } from './petition-form.ts';
import { participationPrefix, participationRoutes, participationUrl } from './routes.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * The practitioners' space: the private pages where community organizers and the staff of local
 * groups work together. Served by the CMS under the write path (`/participer/espace/…`), so the
 * site server and nginx pass it on as they pass every form; every page is HTML rendered here,
 * with the write path's page shell, and works without JavaScript.
 */
export const spacePaths = {
  home: `${participationPrefix}${participationRoutes.showSpaceHome.path}`,
  signIn: `${participationPrefix}${participationRoutes.showSpaceSignIn.path}`,
  sent: `${participationPrefix}${participationRoutes.showSpaceSignInSent.path}`,
  code: `${participationPrefix}${participationRoutes.showSpaceCode.path}`,
  link: `${participationPrefix}${participationRoutes.showSpaceLink.path}`,
  signOut: `${participationPrefix}${participationRoutes.signOutOfSpace.path}`,
  signOutEverywhere: `${participationPrefix}${participationRoutes.signOutOfSpaceEverywhere.path}`,
} as const;

/** The sign-in page's address in a language: the footer of every public page links to it. */
export function spaceSignInPath(locale: Locale): string {
  return locale === 'fr' ? spacePaths.signIn : `${spacePaths.signIn}?locale=en`;
}

/** The rules of a sign-in: the petitions' code rules, shortened to what a login needs. */
export const spaceRules = {
  /** A link or a code works once, for 15 minutes. */
  challengeMinutes: 15,
  /** Wrong codes on one code page before it is closed. */
  codeTries: 5,
  /** Sign-in requests per contact (member or not) per hour: past it, nothing is sent. */
  requestsPerContactPerHour: 3,
  /**
   * Codes by text per mobile (member or not) per day: past it, nothing is sent. Caps both the texts
   * a stranger can make us send to a member's phone and the codes one can guess at (5 tries each).
   */
  codesPerMobilePerDay: 6,
  /** Sign-in requests per address per hour: past it, nothing is sent. */
  requestsPerAddressPerHour: 10,
  /** A session unused this long is over. */
  idleHours: 8,
  /** And whatever its use, this long after sign-in. */
  maxDays: 30,
} as const;

export type SpaceContact = { channel: 'email'; email: string; key: string } | { channel: 'sms'; phone: string; key: string };

/**
 * What was typed in the one field: an email (anything with an @) or a North American mobile.
 * `key` is the canonical form a member is matched on (lower-case email without +tag or Gmail dots,
 * or E.164). Null when it is neither.
 */
export function parseSpaceContact(input: string): SpaceContact | null {
  const value = input.trim();
  if (value === '' || value.length > 254) return null;
  if (value.includes('@')) {
    const email = normaliseEmail(value);
    return email ? { channel: 'email', email, key: `email:${canonicalEmail(email)}` } : null;
  }
  const phone = normalisePhone(value);
  return phone ? { channel: 'sms', phone, key: `sms:${phone}` } : null;
}

/** The key of a member's stored email or mobile, as `parseSpaceContact` makes it (null when unusable). */
export function spaceContactKey(channel: 'email' | 'sms', stored: string | null | undefined): string | null {
  if (!stored) return null;
  const parsed = parseSpaceContact(stored);
  return parsed && parsed.channel === channel ? parsed.key : null;
}

const hidden = (name: string, value: string) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;

function form(action: string, locale: Locale, csrf: string, inner: string, extra = ''): string {
  return `<form method="post" action="${action}"${extra}>${hidden('csrf', csrf)}${hidden('locale', locale)}${inner}</form>`;
}

export interface SpacePage {
  title: string;
  body: string;
  hasErrors?: boolean;
}

/** The page with one field: an email or a mobile number. */
export function renderSpaceSignIn(locale: Locale, csrf: string, value = '', error?: MessageKey): SpacePage {
  const title = t(locale, 'spaceSignInTitle');
  const input = (describedBy: string | undefined, invalid: boolean) =>
    `<input${attrs({ id: 'espace-contact', name: 'contact', type: 'text', inputmode: 'email', autocomplete: 'username', maxlength: 254, value, 'aria-describedby': describedBy, 'aria-invalid': invalid ? 'true' : undefined })}>`;
  return {
    title,
    hasErrors: Boolean(error),
    body:
      `<h1>${escapeHtml(title)}</h1>` +
      renderErrorSummary(locale, error ? [{ href: '#espace-contact', key: error }] : []) +
      `<p>${escapeHtml(t(locale, 'spaceSignInIntro'))}</p>` +
      form(spacePaths.signIn, locale, csrf, formField(locale, 'espace-contact', 'spaceContactLabel', 'spaceContactHint', input, error) + `<button type="submit">${escapeHtml(t(locale, 'spaceSignInButton'))}</button>`, ' novalidate'),
  };
}

/** Where the code is typed: the same page whether the number belongs to a member or not. */
export function renderSpaceCode(locale: Locale, csrf: string, ref: string, error?: MessageKey): SpacePage {
  const title = t(locale, 'spaceCodeTitle');
  const input = (describedBy: string | undefined, invalid: boolean) =>
    `<input${attrs({ id: 'espace-code', name: 'code', type: 'text', inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9]*', maxlength: 6, size: 8, 'aria-describedby': describedBy, 'aria-invalid': invalid ? 'true' : undefined })}>`;
  return {
    title,
    hasErrors: Boolean(error),
    body:
      `<h1>${escapeHtml(title)}</h1>` +
      renderErrorSummary(locale, error ? [{ href: '#espace-code', key: error }] : []) +
      `<p>${escapeHtml(t(locale, 'spaceCodeIntro', { minutes: spaceRules.challengeMinutes }))}</p>` +
      form(spacePaths.code, locale, csrf, hidden('ref', ref) + formField(locale, 'espace-code', 'spaceCodeLabel', null, input, error) + `<button type="submit">${escapeHtml(t(locale, 'spaceCodeButton'))}</button>`, ' novalidate') +
      `<p><a href="${escapeHtml(spaceSignInPath(locale))}">${escapeHtml(t(locale, 'spaceAskAgain'))}</a></p>`,
  };
}

/** Behind the emailed link: a button, because mail scanners open every link they see. */
export function renderSpaceLinkButton(locale: Locale, csrf: string, token: string): SpacePage {
  const title = t(locale, 'spaceLinkTitle');
  return {
    title,
    body: `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(t(locale, 'spaceLinkIntro'))}</p>` + form(spacePaths.link, locale, csrf, hidden('jeton', token) + `<button type="submit">${escapeHtml(t(locale, 'spaceLinkButton'))}</button>`),
  };
}

export interface SpaceRoundTable {
  documentId: string;
  name: string;
  neighbourhoods: string[];
  members: Array<{ name: string; organization: string | null }>;
}

/** The signed-in home: the person's round tables, who sits at them, and the ways out. */
export function renderSpaceHome(locale: Locale, csrf: string, person: { name: string }, tables: SpaceRoundTable[]): SpacePage {
  const title = t(locale, 'spaceHomeTitle');
  const list =
    tables.length === 0
      ? `<p>${escapeHtml(t(locale, 'spaceNoTables'))}</p>`
      : tables
          .map(
            (table) =>
              `<section><h3><a href="${escapeHtml(participationUrl(participationRoutes.showSpaceTable.path, table.documentId))}${locale === 'fr' ? '' : '?locale=en'}">${escapeHtml(table.name)}</a></h3>` +
              (table.neighbourhoods.length > 0 ? `<p>${escapeHtml(t(locale, 'spaceNeighbourhoods'))}${escapeHtml(t(locale, 'colon'))} ${escapeHtml(table.neighbourhoods.join(', '))}</p>` : '') +
              `<h4>${escapeHtml(t(locale, 'spaceMembers'))}</h4><ul>` +
              table.members.map((m) => `<li>${escapeHtml(m.name)}${m.organization ? ` (${escapeHtml(m.organization)})` : ''}</li>`).join('') +
              `</ul></section>`,
          )
          .join('');
  return {
    title,
    body:
      `<h1>${escapeHtml(title)}</h1><p class="lead">${escapeHtml(t(locale, 'spaceHello', { name: person.name }))}</p>` +
      `<h2>${escapeHtml(t(locale, 'spaceTablesHeading'))}</h2>${list}` +
      `<p><a href="${escapeHtml(participationUrl(participationRoutes.showSpaceHands.path))}${locale === 'fr' ? '' : '?locale=en'}">${escapeHtml(t(locale, 'spaceHandsLink'))}</a></p>` +
      `<p><a href="${escapeHtml(participationUrl(participationRoutes.showSpaceDiagnostics.path))}${locale === 'fr' ? '' : '?locale=en'}">${escapeHtml(t(locale, 'spaceDiagnosticsLink'))}</a></p>` +
      `<p><a href="${escapeHtml(participationUrl(participationRoutes.showSpaceDirectory.path))}${locale === 'fr' ? '' : '?locale=en'}">${escapeHtml(t(locale, 'spaceDirectoryLink'))}</a></p>` +
      `<p><a href="${escapeHtml(participationUrl(participationRoutes.showSpaceResources.path))}${locale === 'fr' ? '' : '?locale=en'}">${escapeHtml(t(locale, 'spaceResourcesLink'))}</a></p>` +
      `<p><a href="${escapeHtml(participationUrl(participationRoutes.showSpaceTraining.path))}${locale === 'fr' ? '' : '?locale=en'}">${escapeHtml(t(locale, 'spaceTrainingLink'))}</a></p>` +
      `<h2>${escapeHtml(t(locale, 'spaceSessionHeading'))}</h2>` +
      form(spacePaths.signOut, locale, csrf, `<button type="submit">${escapeHtml(t(locale, 'spaceSignOut'))}</button>`) +
      `<p class="hint">${escapeHtml(t(locale, 'spaceSignOutEverywhereHint'))}</p>` +
      form(spacePaths.signOutEverywhere, locale, csrf, `<button type="submit">${escapeHtml(t(locale, 'spaceSignOutEverywhere'))}</button>`),
  };
}
