import { z } from 'zod';
import { formatDate } from '../dates.ts';
import { attrs, escapeHtml } from './html.ts';
import { formField, fieldError } from './form-field.ts';
import { button, form, link, paragraphs, withLocale } from './space-html.ts';
import { renderErrorSummary } from './petition-form.ts';
import { participationRoutes, participationUrl } from './routes.ts';
import type { SpacePage } from './practitioners.ts';
import { spaceText } from './space-meetings.ts';
import { enumKey, t, type MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * Shared resources of the practitioners' space: links to guides, templates and round tables'
 * documents, tagged by theme (the survey's three themes among them) and optionally by one round
 * table (then only that table's members see it). Pages, forms and rules only: who may see or
 * delete what is decided by the CMS.
 */
export const spaceResourcePaths = {
  list: participationUrl(participationRoutes.showSpaceResources.path),
  create: participationUrl(participationRoutes.createSpaceResource.path),
} as const;
export const spaceResourceDelete = (resourceId: string) => participationUrl(participationRoutes.deleteSpaceResource.path, resourceId);
/** A resource's uploaded document, served only to whoever may see the resource. */
export const spaceResourceFile = (resourceId: string) => participationUrl(participationRoutes.showSpaceResourceFile.path, resourceId);

/** The survey's three themes first, then the kinds of documents partners share. */
export const resourceThemes = ['social_media', 'online_politics', 'digital_living', 'guides', 'templates', 'table_documents'] as const;
export type ResourceTheme = (typeof resourceThemes)[number];
export const resourceThemeLabel = (locale: Locale, theme: ResourceTheme) => t(locale, enumKey('resourceTheme', theme));

export const resourceRules = {
  titleMax: 160,
  descriptionMax: 1000,
  urlMax: 2000,
  /** New resources per member per 24 hours: a runaway script is not a library. */
  perDay: 20,
  /** The upload's size limit when the CMS names none (its SPACE_UPLOAD_MAX_BYTES). */
  fileMaxBytes: 10 * 1024 * 1024,
} as const;

/** The file input's name in the multipart form. */
export const resourceFileField = 'file';
/** What the file input suggests to the browser's picker; the CMS decides from the bytes, never from this. */
const resourceFileAccept = '.pdf,.png,.jpg,.jpeg,.webp,.odt,.ods,.docx,.xlsx,application/pdf,image/png,image/jpeg,image/webp';

/** A size as residents read it: "850 Ko", "2,4 Mo" (French), "850 KB", "2.4 MB" (English). */
export function fileSizeText(locale: Locale, bytes: number): string {
  const fr = locale === 'fr';
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.ceil(bytes / 1024))} ${fr ? 'Ko' : 'KB'}`;
  const mb = Math.round((bytes / (1024 * 1024)) * 10) / 10;
  return `${fr ? String(mb).replace('.', ',') : String(mb)} ${fr ? 'Mo' : 'MB'}`;
}

/**
 * A link is https only, to a named host, without credentials: `javascript:`, `data:`, `file:` and
 * plain http never reach a member's browser from a page of ours.
 */
export function safeResourceUrl(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '' || /[\s<>"']/.test(trimmed)) return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username || url.password || !url.hostname.includes('.')) return null;
  return url.href;
}

export type ResourceField = 'title' | 'description' | 'url' | 'themes' | 'table' | 'file';
export type ResourceFormValues = { title?: string; description?: string; url?: string; themes?: string[]; table?: string };
export type ResourceErrors = Partial<Record<ResourceField, MessageKey>>;
export interface ResourceInput {
  title: string;
  description: string;
  /** The link, or null when the resource is an uploaded file. */
  url: string | null;
  themes: ResourceTheme[];
  /** A round table the author sits at, or null for every member. */
  table: string | null;
}

/**
 * The add form, read against the author's own tables: a table they are not at is refused, never
 * used. A resource is a link or a file (`hasFile`: the form carried one), never both, never neither;
 * the file itself is checked by the CMS after this.
 */
export function parseResourceForm(
  fields: Record<string, string | undefined>,
  ownTables: readonly string[],
  hasFile = false,
): { values: ResourceFormValues; result: { ok: true; value: ResourceInput } | { ok: false; errors: ResourceErrors } } {
  const values: ResourceFormValues = {
    title: (fields.title ?? '').slice(0, resourceRules.titleMax + 100),
    description: (fields.description ?? '').slice(0, resourceRules.descriptionMax + 100),
    url: (fields.url ?? '').slice(0, resourceRules.urlMax + 100),
    themes: resourceThemes.filter((theme) => fields[`theme-${theme}`] === '1'),
    table: (fields.table ?? '').slice(0, 40),
  };
  const errors: ResourceErrors = {};
  const parsed = z
    .object({ title: spaceText(resourceRules.titleMax, { required: true }), description: spaceText(resourceRules.descriptionMax, { multiline: true }) })
    .safeParse({ title: values.title, description: values.description });
  if (!parsed.success) for (const issue of parsed.error.issues) errors[issue.path[0] as ResourceField] ??= issue.message as MessageKey;
  const typedUrl = (values.url ?? '').trim() !== '';
  const url = typedUrl ? safeResourceUrl(values.url ?? '') : null;
  if (typedUrl && !url) errors.url = 'errResourceUrl';
  // What is stored is the link as written out again (an emoji in a path becomes 12 characters, a
  // non-Latin host its punycode): that is what the database's 2000 holds, in UTF-16 units.
  else if (url && url.length > resourceRules.urlMax) errors.url = 'errSpaceTooLong';
  else if (typedUrl && hasFile) errors.file = 'errResourceUrlAndFile';
  else if (!typedUrl && !hasFile) errors.url = 'errResourceUrlOrFile';
  if ((values.themes ?? []).length === 0) errors.themes = 'errResourceThemes';
  if (values.table !== '' && !ownTables.includes(values.table ?? '')) errors.table = 'errResourceTable';
  if (!parsed.success || Object.keys(errors).length > 0) return { values, result: { ok: false, errors } };
  return { values, result: { ok: true, value: { title: parsed.data.title, description: parsed.data.description, url, themes: values.themes as ResourceTheme[], table: values.table || null } } };
}

/** An uploaded document, as pages show it: its sanitized name, size and type (from its bytes). */
export interface ResourceFile {
  name: string;
  size: number;
  /** The file's type label, from the bytes: `PDF`, `PNG`, `DOCX`… */
  type: string;
}

export interface ResourceSummary {
  documentId: string;
  title: string;
  description: string;
  /** The link; null for an uploaded document (then `file`). */
  url: string | null;
  file: ResourceFile | null;
  themes: ResourceTheme[];
  /** The round table it is shared with, or null for every member. */
  table: string | null;
  /** null: the author was erased ("Ancien membre"). */
  authorName: string | null;
  createdAt: string;
  canDelete: boolean;
  /** Messages in its thread (the list shows the count next to the link to its page). */
  messages?: number;
}

export interface ResourceFilters {
  theme: ResourceTheme | null;
  table: string | null;
}

/** Where a resource leads (its link, or its document's download route) and what the hint under it says. */
export function resourceTarget(locale: Locale, r: Pick<ResourceSummary, 'documentId' | 'url' | 'file'>): { href: string; where: string } {
  if (r.file) return { href: spaceResourceFile(r.documentId), where: `${r.file.name} · ${t(locale, 'resourceFileFacts', { type: r.file.type, size: fileSizeText(locale, r.file.size) })}` };
  return { href: r.url ?? '#', where: r.url ? new URL(r.url).hostname : '' };
}

function resourceItem(locale: Locale, csrf: string, r: ResourceSummary): string {
  const facts = [
    r.themes.map((theme) => resourceThemeLabel(locale, theme)).join(', '),
    r.table ?? t(locale, 'resourceAllMembers'),
    t(locale, 'handBy', { name: r.authorName ?? t(locale, 'handFormerMember') }),
    formatDate(r.createdAt, locale),
  ];
  const target = resourceTarget(locale, r);
  return (
    `<li><p><a${attrs({ href: target.href, rel: 'noopener noreferrer nofollow', download: Boolean(r.file) })}>${escapeHtml(r.title)}</a><br><span class="hint">${escapeHtml(target.where)} · ${escapeHtml(facts.join(' · '))}</span></p>` +
    (r.description ? paragraphs(r.description) : '') +
    `<p><a${attrs({ href: withLocale(participationUrl(participationRoutes.showSpaceResource.path, r.documentId), locale) })}>${escapeHtml(t(locale, 'threadResourceDiscuss', { count: r.messages ?? 0 }))}<span class="vh"> ${escapeHtml(r.title)}</span></a></p>` +
    (r.canDelete ? form(spaceResourceDelete(r.documentId), locale, csrf, `<button type="submit">${escapeHtml(t(locale, 'resourceDelete'))}<span class="vh"> ${escapeHtml(r.title)}</span></button>`) : '') +
    `</li>`
  );
}

/** The resources a member can see, with a GET filter by theme and table (works without JavaScript). */
export function renderSpaceResources(locale: Locale, csrf: string, resources: ResourceSummary[], tables: Array<{ documentId: string; name: string }>, filters: ResourceFilters): SpacePage {
  const title = t(locale, 'resourceListTitle');
  const filter =
    `<form method="get" action="${escapeHtml(spaceResourcePaths.list)}">` +
    (locale === 'en' ? `<input type="hidden" name="locale" value="en">` : '') +
    `<div class="field"><label for="ressources-theme">${escapeHtml(t(locale, 'resourceThemeFilter'))}</label><select id="ressources-theme" name="theme"><option value="">${escapeHtml(t(locale, 'resourceAllThemes'))}</option>` +
    resourceThemes.map((theme) => `<option${attrs({ value: theme, selected: filters.theme === theme })}>${escapeHtml(resourceThemeLabel(locale, theme))}</option>`).join('') +
    `</select></div>` +
    `<div class="field"><label for="ressources-table">${escapeHtml(t(locale, 'resourceTableFilter'))}</label><select id="ressources-table" name="table"><option value="">${escapeHtml(t(locale, 'resourceAllTables'))}</option>` +
    tables.map((x) => `<option${attrs({ value: x.documentId, selected: filters.table === x.documentId })}>${escapeHtml(x.name)}</option>`).join('') +
    `</select></div>${button(locale, 'directoryFilterApply')}</form>`;
  return {
    title,
    body:
      `<p>${link(withLocale('/participer/espace/', locale), t(locale, 'spaceBackHome'))}</p>` +
      `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(t(locale, 'resourceListIntro'))}</p>` +
      `<p>${link(withLocale(spaceResourcePaths.create, locale), t(locale, 'resourceNewLink'))}</p>` +
      filter +
      (resources.length ? `<ul class="thread">${resources.map((r) => resourceItem(locale, csrf, r)).join('')}</ul>` : `<p>${escapeHtml(t(locale, 'resourceNone'))}</p>`),
  };
}

/** The add form: title, link, description, themes (checkboxes), and the table to keep it to (optional). */
export function renderResourceForm(
  locale: Locale,
  csrf: string,
  tables: Array<{ documentId: string; name: string }>,
  values: ResourceFormValues,
  errors: ResourceErrors = {},
  fileMaxBytes: number = resourceRules.fileMaxBytes,
): SpacePage {
  const title = t(locale, 'resourceNewTitle');
  const invalid = (e: boolean) => (e ? 'true' : undefined);
  const chosen = new Set(values.themes ?? []);
  const summary = renderErrorSummary(
    locale,
    (['title', 'url', 'description', 'themes', 'table', 'file'] as const).flatMap((f) => (errors[f] ? [{ href: f === 'themes' ? `#ressource-theme-${resourceThemes[0]}` : `#ressource-${f}`, key: errors[f] }] : [])),
  );
  return {
    title,
    hasErrors: Object.keys(errors).length > 0,
    body:
      `<p>${link(withLocale(spaceResourcePaths.list, locale), t(locale, 'resourceListTitle'))}</p>` +
      `<h1>${escapeHtml(title)}</h1>` +
      summary +
      form(
        spaceResourcePaths.create,
        locale,
        csrf,
        formField(locale, 'ressource-title', 'resourceTitleLabel', null, (d, e) => `<input${attrs({ id: 'ressource-title', name: 'title', type: 'text', maxlength: resourceRules.titleMax, value: values.title ?? '', 'aria-describedby': d, 'aria-invalid': invalid(e) })}>`, errors.title) +
          formField(locale, 'ressource-url', 'resourceUrlLabel', 'resourceUrlHint', (d, e) => `<input${attrs({ id: 'ressource-url', name: 'url', type: 'url', maxlength: resourceRules.urlMax, value: values.url ?? '', 'aria-describedby': d, 'aria-invalid': invalid(e) })}>`, errors.url) +
          formField(
            locale,
            'ressource-description',
            'resourceDescriptionLabel',
            null,
            (d, e) => `<textarea${attrs({ id: 'ressource-description', name: 'description', rows: 4, maxlength: resourceRules.descriptionMax, 'aria-describedby': d, 'aria-invalid': invalid(e) })}>${escapeHtml(values.description ?? '')}</textarea>`,
            errors.description,
          ) +
          `<fieldset${attrs({ 'aria-describedby': errors.themes ? 'ressource-themes-erreur' : undefined })}><legend>${escapeHtml(t(locale, 'resourceThemesLegend'))}</legend>` +
          fieldError(locale, 'ressource-themes', errors.themes) +
          resourceThemes
            .map((theme) => `<div class="check"><input${attrs({ type: 'checkbox', id: `ressource-theme-${theme}`, name: `theme-${theme}`, value: '1', checked: chosen.has(theme) })}> <label for="ressource-theme-${theme}">${escapeHtml(resourceThemeLabel(locale, theme))}</label></div>`)
            .join('') +
          `</fieldset>` +
          formField(
            locale,
            'ressource-table',
            'resourceTableLabel',
            'resourceTableHint',
            (d, e) =>
              `<select${attrs({ id: 'ressource-table', name: 'table', 'aria-describedby': d, 'aria-invalid': invalid(e) })}><option value="">${escapeHtml(t(locale, 'resourceAllMembers'))}</option>` +
              tables.map((x) => `<option${attrs({ value: x.documentId, selected: values.table === x.documentId })}>${escapeHtml(x.name)}</option>`).join('') +
              `</select>`,
            errors.table,
          ) +
          // Last, so that every other field reaches the CMS before the file (and is kept if the file is refused).
          formField(
            locale,
            'ressource-file',
            'resourceFileLabel',
            'resourceFileHint',
            (d, e) => `<input${attrs({ id: 'ressource-file', name: resourceFileField, type: 'file', accept: resourceFileAccept, 'aria-describedby': d, 'aria-invalid': invalid(e) })}>`,
            errors.file,
            { size: fileSizeText(locale, fileMaxBytes) },
          ) +
          button(locale, 'resourceCreate'),
        ' novalidate enctype="multipart/form-data"',
      ),
  };
}
