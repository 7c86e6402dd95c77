import { z } from 'zod';
import { attrs, escapeHtml } from './html.ts';
import { formField } from './form-field.ts';
import { formatPhone } from './normalise.ts';
import { button, form, link, paragraphs, withLocale } from './space-html.ts';
import { renderErrorSummary } from './petition-form.ts';
import { participationRoutes, participationUrl } from './routes.ts';
import type { SpacePage } from './practitioners.ts';
import { spaceText } from './space-meetings.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * The partner directory of the practitioners' space: the organizations (their public record: what
 * they do, where, when they are open, languages, accessibility) and, for each, the members who
 * chose to be listed, with "for what" to reach them and only the contact details they consented
 * to show. "Ma fiche" is where a member gives or withdraws that consent. Pages, forms and rules
 * only: who may see what is decided by the CMS.
 */
export const spaceDirectoryPaths = {
  list: participationUrl(participationRoutes.showSpaceDirectory.path),
  entry: participationUrl(participationRoutes.showSpaceDirectoryEntry.path),
} as const;

export const directoryRules = {
  forWhatMax: 200,
} as const;

/** What a member consents to: each piece is off until they tick it. */
export interface DirectoryConsent {
  listed: boolean;
  forWhat: string;
  showEmail: boolean;
  showPhone: boolean;
}

export type DirectoryFormValues = { listed?: boolean; forWhat?: string; showEmail?: boolean; showPhone?: boolean };
export type DirectoryErrors = Partial<Record<'forWhat', MessageKey>>;

/**
 * "Ma fiche", read against the contacts the member has: a box for a contact they do not have is
 * never read (nobody can consent to show what is not theirs). Listed without "for what" is refused:
 * a name alone tells a partner nothing.
 */
export function parseDirectoryForm(
  fields: Record<string, string | undefined>,
  has: { email: boolean; phone: boolean },
): { values: DirectoryFormValues; result: { ok: true; value: DirectoryConsent } | { ok: false; errors: DirectoryErrors } } {
  const values: DirectoryFormValues = {
    listed: fields.listed === '1',
    forWhat: (fields.forWhat ?? '').slice(0, directoryRules.forWhatMax + 100),
    showEmail: has.email && fields.showEmail === '1',
    showPhone: has.phone && fields.showPhone === '1',
  };
  const parsed = z.object({ forWhat: spaceText(directoryRules.forWhatMax) }).safeParse({ forWhat: values.forWhat });
  if (!parsed.success) return { values, result: { ok: false, errors: { forWhat: (parsed.error.issues[0]?.message ?? 'errFieldInvalid') as MessageKey } } };
  if (values.listed && parsed.data.forWhat === '') return { values, result: { ok: false, errors: { forWhat: 'errDirectoryForWhat' } } };
  return { values, result: { ok: true, value: { listed: values.listed === true, forWhat: parsed.data.forWhat, showEmail: values.showEmail === true, showPhone: values.showPhone === true } } };
}

export interface DirectoryContact {
  name: string;
  forWhat: string;
  /** null unless the person ticked "show my email". */
  email: string | null;
  /** E.164; null unless the person ticked "show my mobile". */
  phone: string | null;
}

export interface DirectoryOrganization {
  documentId: string;
  name: string;
  description: string | null;
  address: string | null;
  neighbourhood: string | null;
  openingHours: string | null;
  languages: string | null;
  accessibility: string | null;
  website: string | null;
  phone: string | null;
  email: string | null;
  contacts: DirectoryContact[];
}

export interface DirectoryView {
  neighbourhoods: Array<{ slug: string; name: string }>;
  /** The neighbourhood filter's slug, or null for all. */
  chosen: string | null;
  organizations: DirectoryOrganization[];
  /** Listed members without an organization (shown only when no neighbourhood is chosen). */
  unaffiliated: DirectoryContact[];
}

const fact = (locale: Locale, label: MessageKey, value: string | null) => (value ? `<p><strong>${escapeHtml(t(locale, label))}</strong>${escapeHtml(t(locale, 'colon'))} ${escapeHtml(value)}</p>` : '');

const safeWebsite = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);

function contactItem(locale: Locale, c: DirectoryContact): string {
  const ways = [
    ...(c.email ? [`<a href="mailto:${escapeHtml(c.email)}">${escapeHtml(c.email)}</a>`] : []),
    // The link dials the stored E.164 (a tel: URL takes no spaces); the text is the number as Quebecers write it.
    ...(c.phone ? [`<a href="tel:${escapeHtml(c.phone)}">${escapeHtml(formatPhone(c.phone))}</a>`] : []),
  ];
  return (
    `<li><strong>${escapeHtml(c.name)}</strong>${escapeHtml(t(locale, 'colon'))} ${escapeHtml(c.forWhat)}` +
    (ways.length ? `<br>${ways.join(' · ')}` : `<br><span class="hint">${escapeHtml(t(locale, 'directoryNoDetails'))}</span>`) +
    `</li>`
  );
}

const contactList = (locale: Locale, contacts: DirectoryContact[]) => (contacts.length ? `<ul>${contacts.map((c) => contactItem(locale, c)).join('')}</ul>` : `<p>${escapeHtml(t(locale, 'directoryNoContacts'))}</p>`);

function organizationSection(locale: Locale, o: DirectoryOrganization): string {
  const website = safeWebsite(o.website);
  return (
    `<section><h2>${escapeHtml(o.name)}</h2>` +
    (o.description ? paragraphs(o.description) : '') +
    fact(locale, 'directoryWhere', [o.address, o.neighbourhood].filter(Boolean).join(', ') || null) +
    fact(locale, 'directoryHours', o.openingHours) +
    fact(locale, 'directoryLanguages', o.languages) +
    fact(locale, 'directoryAccessibility', o.accessibility) +
    fact(locale, 'directoryPhone', o.phone) +
    (o.email ? `<p><strong>${escapeHtml(t(locale, 'directoryEmail'))}</strong>${escapeHtml(t(locale, 'colon'))} <a href="mailto:${escapeHtml(o.email)}">${escapeHtml(o.email)}</a></p>` : '') +
    (website ? `<p>${link(website, t(locale, 'directoryWebsite'))}</p>` : '') +
    `<h3>${escapeHtml(t(locale, 'directoryContactsHeading'))}</h3>` +
    contactList(locale, o.contacts) +
    `</section>`
  );
}

/** The directory: a GET filter by neighbourhood (works without JavaScript), then each organization. */
export function renderSpaceDirectory(locale: Locale, view: DirectoryView): SpacePage {
  const title = t(locale, 'directoryTitle');
  const filter =
    `<form method="get" action="${escapeHtml(spaceDirectoryPaths.list)}">` +
    (locale === 'en' ? `<input type="hidden" name="locale" value="en">` : '') +
    `<div class="field"><label for="repertoire-quartier">${escapeHtml(t(locale, 'directoryFilterLabel'))}</label>` +
    `<select id="repertoire-quartier" name="quartier"><option value="">${escapeHtml(t(locale, 'directoryFilterAll'))}</option>` +
    view.neighbourhoods.map((n) => `<option${attrs({ value: n.slug, selected: view.chosen === n.slug })}>${escapeHtml(n.name)}</option>`).join('') +
    `</select></div>${button(locale, 'directoryFilterApply')}</form>`;
  const organizations = view.organizations.length ? view.organizations.map((o) => organizationSection(locale, o)).join('') : `<p>${escapeHtml(t(locale, 'directoryNone'))}</p>`;
  const others = view.chosen === null && view.unaffiliated.length ? `<section><h2>${escapeHtml(t(locale, 'directoryUnaffiliated'))}</h2>${contactList(locale, view.unaffiliated)}</section>` : '';
  return {
    title,
    body:
      `<p>${link(withLocale('/participer/espace/', locale), t(locale, 'spaceBackHome'))}</p>` +
      `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(t(locale, 'directoryIntro'))}</p>` +
      `<p>${link(withLocale(spaceDirectoryPaths.entry, locale), t(locale, 'directoryEntryLink'))}</p>` +
      filter +
      organizations +
      others,
  };
}

/** "Ma fiche dans le répertoire": be listed or not, for what, and which contact to show (each off by default). */
export function renderDirectoryEntry(
  locale: Locale,
  csrf: string,
  member: { email: string | null; phone: string | null; organization: string | null },
  values: DirectoryFormValues,
  state: { errors?: DirectoryErrors; saved?: boolean } = {},
): SpacePage {
  const title = t(locale, 'directoryEntryTitle');
  const errors = state.errors ?? {};
  const check = (name: string, label: string, checked: boolean) =>
    `<div class="check"><input${attrs({ type: 'checkbox', id: `fiche-${name}`, name, value: '1', checked })}> <label for="fiche-${name}">${escapeHtml(label)}</label></div>`;
  return {
    title,
    hasErrors: Boolean(errors.forWhat),
    body:
      `<p>${link(withLocale(spaceDirectoryPaths.list, locale), t(locale, 'directoryTitle'))}</p>` +
      `<h1>${escapeHtml(title)}</h1>` +
      (state.saved ? `<p role="status"><strong>${escapeHtml(t(locale, 'directoryEntrySaved'))}</strong></p>` : '') +
      renderErrorSummary(locale, errors.forWhat ? [{ href: '#fiche-forWhat', key: errors.forWhat }] : []) +
      `<p>${escapeHtml(t(locale, 'directoryEntryIntro'))}</p>` +
      `<p>${escapeHtml(t(locale, 'directoryEntryOrganization'))}${escapeHtml(t(locale, 'colon'))} ${escapeHtml(member.organization ?? t(locale, 'directoryEntryNoOrganization'))}</p>` +
      form(
        spaceDirectoryPaths.entry,
        locale,
        csrf,
        check('listed', t(locale, 'directoryEntryListed'), values.listed === true) +
          formField(
            locale,
            'fiche-forWhat',
            'directoryEntryForWhat',
            'directoryEntryForWhatHint',
            (d, e) => `<input${attrs({ id: 'fiche-forWhat', name: 'forWhat', type: 'text', maxlength: directoryRules.forWhatMax, value: values.forWhat ?? '', 'aria-describedby': d, 'aria-invalid': e ? 'true' : undefined })}>`,
            errors.forWhat,
          ) +
          (member.email || member.phone
            ? `<fieldset><legend>${escapeHtml(t(locale, 'directoryEntryShowLegend'))}</legend>` +
              (member.email ? check('showEmail', t(locale, 'directoryEntryShowEmail', { email: member.email }), values.showEmail === true) : '') +
              (member.phone ? check('showPhone', t(locale, 'directoryEntryShowPhone', { phone: member.phone }), values.showPhone === true) : '') +
              `</fieldset>`
            : '') +
          button(locale, 'directoryEntrySave'),
        ' novalidate',
      ),
  };
}
