import { z } from 'zod';
import { formatDate } from '../dates.ts';
import { attrs, escapeHtml } from './html.ts';
import { formField } from './form-field.ts';
import { button, form, hidden, link, paragraphs, withLocale } from './space-html.ts';
import { renderErrorSummary } from './petition-form.ts';
import { participationRoutes, participationUrl } from './routes.ts';
import type { SpacePage } from './practitioners.ts';
import { spaceText } from './space-meetings.ts';
import { enumKey, t, type MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * A neighbourhood's diagnostic of the digital divide in the practitioners' space: a checklist of
 * the six barriers residents meet (each with a level and a short note) and the plan of action
 * (actions with an owner — an organization or a role, never a person's contact — a date and a
 * status), with its progress in words. Pages, forms and their parsing only: who may see or change
 * a neighbourhood's diagnostic (the members of a round table of that neighbourhood) is decided by
 * the CMS.
 */
export const spaceDiagnosticPaths = { list: participationUrl(participationRoutes.showSpaceDiagnostics.path) } as const;
export const spaceDiagnosticPath = (slug: string) => participationUrl(participationRoutes.showSpaceDiagnostic.path, slug);
export const spaceDiagnosticActions = {
  barriers: (slug: string) => participationUrl(participationRoutes.saveSpaceBarriers.path, slug),
  addAction: (slug: string) => participationUrl(participationRoutes.addSpaceDiagnosticAction.path, slug),
  updateAction: (slug: string) => participationUrl(participationRoutes.updateSpaceDiagnosticAction.path, slug),
} as const;

export const barrierKinds = ['device', 'data', 'skills', 'accessibility', 'language', 'trust'] as const;
export type BarrierKind = (typeof barrierKinds)[number];
export const barrierLevels = ['inconnu', 'peu', 'moyen', 'important'] as const;
export type BarrierLevel = (typeof barrierLevels)[number];
export const actionStatuses = ['a_faire', 'en_cours', 'fait'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

export const diagnosticRules = {
  noteMax: 500,
  actionTitleMax: 160,
  ownerMax: 160,
  actionNoteMax: 1000,
  /** A due date within this many days of today, either way (a typo'd year is not a plan). */
  dueWithinDays: 3 * 366,
} as const;

/** The column names of a barrier's level and note on the diagnostic's row. */
export const barrierLevelField = (kind: BarrierKind) => `${kind}Level` as const;
export const barrierNoteField = (kind: BarrierKind) => `${kind}Note` as const;

export type Barriers = Record<BarrierKind, { level: BarrierLevel; note: string }>;
export type BarrierFormValues = Partial<Record<`level-${BarrierKind}` | `note-${BarrierKind}`, string>>;
export type BarrierErrors = Partial<Record<`level-${BarrierKind}` | `note-${BarrierKind}`, MessageKey>>;

/** The checklist form: a level and a note per barrier (`level-device`, `note-device`, …). */
export function parseBarriersForm(fields: Record<string, string | undefined>): { values: BarrierFormValues; result: { ok: true; value: Barriers } | { ok: false; errors: BarrierErrors } } {
  const values: BarrierFormValues = {};
  const errors: BarrierErrors = {};
  const value = {} as Barriers;
  for (const kind of barrierKinds) {
    const levelValue = (fields[`level-${kind}`] ?? '').slice(0, 20);
    const noteValue = (fields[`note-${kind}`] ?? '').slice(0, diagnosticRules.noteMax + 100);
    values[`level-${kind}`] = levelValue;
    values[`note-${kind}`] = noteValue;
    const level = z.enum(barrierLevels).safeParse(levelValue);
    const note = spaceText(diagnosticRules.noteMax, { multiline: true }).safeParse(noteValue);
    if (!level.success) errors[`level-${kind}`] = 'errDiagLevel';
    if (!note.success) errors[`note-${kind}`] = (note.error.issues[0]?.message ?? 'errFieldInvalid') as MessageKey;
    if (level.success && note.success) value[kind] = { level: level.data, note: note.data };
  }
  return Object.keys(errors).length ? { values, result: { ok: false, errors } } : { values, result: { ok: true, value } };
}

export type ActionField = 'title' | 'barrier' | 'owner' | 'dueOn' | 'status' | 'note';
export type ActionFormValues = Partial<Record<ActionField, string>>;
export type ActionErrors = Partial<Record<ActionField, MessageKey>>;
export interface ActionInput {
  title: string;
  barrier: BarrierKind;
  owner: string;
  dueOn: string;
  status: ActionStatus;
  note: string;
}

/** An email address or a phone number: the owner is an organization or a role, never someone's contact. */
const looksLikeContact = (text: string) => /@/.test(text) || /(?:\d[\s.()-]*){7,}/.test(text);

const dueOn = z
  .string()
  .transform((v) => v.trim())
  .superRefine((v, ctx) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    const real = match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))).toISOString().startsWith(v);
    if (!real) ctx.addIssue({ code: z.ZodIssueCode.custom, message: v === '' ? 'errDiagDueRequired' : 'errDateInvalid' });
  });

const actionSchema = z.object({
  title: spaceText(diagnosticRules.actionTitleMax, { required: true }),
  barrier: z.enum(barrierKinds, { message: 'errDiagBarrier' }),
  owner: spaceText(diagnosticRules.ownerMax, { required: true }).refine((v) => !looksLikeContact(v), { message: 'errDiagOwnerContact' }),
  dueOn,
  status: z.enum(actionStatuses, { message: 'errDiagStatus' }),
  note: spaceText(diagnosticRules.actionNoteMax, { multiline: true }),
});

/** A new action of the plan: what, for which barrier, who carries it (an organization or a role), by when. */
export function parseActionForm(fields: Record<string, string | undefined>, today: string): { values: ActionFormValues; result: { ok: true; value: ActionInput } | { ok: false; errors: ActionErrors } } {
  const values: ActionFormValues = {
    title: (fields.title ?? '').slice(0, diagnosticRules.actionTitleMax + 100),
    barrier: (fields.barrier ?? '').slice(0, 20),
    owner: (fields.owner ?? '').slice(0, diagnosticRules.ownerMax + 100),
    dueOn: (fields.dueOn ?? '').slice(0, 20),
    status: (fields.status ?? 'a_faire').slice(0, 20),
    note: (fields.note ?? '').slice(0, diagnosticRules.actionNoteMax + 100),
  };
  const parsed = actionSchema.safeParse(values);
  if (!parsed.success) {
    const errors: ActionErrors = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] as ActionField] ??= issue.message as MessageKey;
    return { values, result: { ok: false, errors } };
  }
  const days = Math.abs(Date.parse(`${parsed.data.dueOn}T12:00:00Z`) - Date.parse(`${today}T12:00:00Z`)) / 86_400_000;
  if (days > diagnosticRules.dueWithinDays) return { values, result: { ok: false, errors: { dueOn: 'errDateInvalid' } } };
  return { values, result: { ok: true, value: parsed.data } };
}

/** An action's progress: its status and note (the rest is changed in the admin). */
export function parseActionUpdateForm(fields: Record<string, string | undefined>): {
  values: ActionFormValues;
  result: { ok: true; value: { status: ActionStatus; note: string } } | { ok: false; errors: ActionErrors };
} {
  const values: ActionFormValues = { status: (fields.status ?? '').slice(0, 20), note: (fields.note ?? '').slice(0, diagnosticRules.actionNoteMax + 100) };
  const parsed = actionSchema.pick({ status: true, note: true }).safeParse(values);
  if (parsed.success) return { values, result: { ok: true, value: parsed.data } };
  const errors: ActionErrors = {};
  for (const issue of parsed.error.issues) errors[issue.path[0] as ActionField] ??= issue.message as MessageKey;
  return { values, result: { ok: false, errors } };
}

export interface DiagnosticSummary {
  slug: string;
  neighbourhood: string;
  tables: string[];
  done: number;
  total: number;
  updatedAt: string | null;
}

export interface DiagnosticActionView {
  documentId: string;
  title: string;
  barrier: BarrierKind;
  owner: string;
  dueOn: string | null;
  status: ActionStatus;
  note: string;
}

export interface DiagnosticView extends DiagnosticSummary {
  barriers: Barriers;
  actions: DiagnosticActionView[];
}

export interface DiagnosticPageState {
  barriers?: { values: BarrierFormValues; errors: BarrierErrors };
  newAction?: { values: ActionFormValues; errors: ActionErrors };
  update?: { actionId: string; values: ActionFormValues; errors: ActionErrors };
  saved?: boolean;
}

const barrierLabel = (locale: Locale, kind: BarrierKind) => t(locale, enumKey('diagBarrier', kind));
const levelLabel = (locale: Locale, level: BarrierLevel) => t(locale, enumKey('diagLevel', level));
const statusLabel = (locale: Locale, status: ActionStatus) => t(locale, enumKey('diagStatus', status));
const dateText = (day: string, locale: Locale) => formatDate(`${day}T12:00:00Z`, locale);
const invalid = (e: boolean) => (e ? 'true' : undefined);

/** "2 actions faites sur 5", in words, and a bar that needs no script. */
function progress(locale: Locale, done: number, total: number, id: string): string {
  if (total === 0) return `<p>${escapeHtml(t(locale, 'diagNoActions'))}</p>`;
  return `<p id="${id}">${escapeHtml(t(locale, 'diagProgress', { done, total }))}</p><progress${attrs({ max: total, value: done, 'aria-labelledby': id })}>${done} / ${total}</progress>`;
}

/** The neighbourhoods of my round tables, each with its plan's progress. */
export function renderSpaceDiagnostics(locale: Locale, diagnostics: DiagnosticSummary[]): SpacePage {
  const title = t(locale, 'diagListTitle');
  const items = diagnostics
    .map(
      (d) =>
        `<li>${link(withLocale(spaceDiagnosticPath(d.slug), locale), d.neighbourhood)}<br><span class="hint">${escapeHtml(
          [d.tables.join(', '), d.total ? t(locale, 'diagProgress', { done: d.done, total: d.total }) : t(locale, 'diagNoActions')].join(' · '),
        )}</span></li>`,
    )
    .join('');
  return {
    title,
    body:
      `<p>${link(withLocale('/participer/espace/', locale), t(locale, 'spaceBackHome'))}</p>` +
      `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(t(locale, 'diagListIntro'))}</p>` +
      (items ? `<ul>${items}</ul>` : `<p>${escapeHtml(t(locale, 'diagNoNeighbourhood'))}</p>`),
  };
}

const select = <V extends string>(id: string, name: string, options: readonly V[], label: (v: V) => string, chosen: string | undefined, d: string | undefined, e: boolean, empty?: string) =>
  `<select${attrs({ id, name, 'aria-describedby': d, 'aria-invalid': invalid(e) })}>` +
  (empty === undefined ? '' : `<option value="">${escapeHtml(empty)}</option>`) +
  options.map((o) => `<option${attrs({ value: o, selected: chosen === o })}>${escapeHtml(label(o))}</option>`).join('') +
  `</select>`;

function barriersForm(locale: Locale, csrf: string, view: DiagnosticView, state: DiagnosticPageState['barriers']): string {
  const values = state?.values ?? Object.fromEntries(barrierKinds.flatMap((k) => [[`level-${k}`, view.barriers[k].level], [`note-${k}`, view.barriers[k].note]]));
  const errors = state?.errors ?? {};
  const fieldsets = barrierKinds
    .map((kind) => {
      const levelId = `obstacle-${kind}-niveau`;
      const noteId = `obstacle-${kind}-note`;
      return (
        `<fieldset><legend>${escapeHtml(barrierLabel(locale, kind))}</legend>` +
        `<p class="hint">${escapeHtml(t(locale, enumKey('diagBarrierHint', kind)))}</p>` +
        formField(locale, levelId, 'diagLevelLabel', null, (d, e) => select(levelId, `level-${kind}`, barrierLevels, (l) => levelLabel(locale, l), values[`level-${kind}`], d, e), errors[`level-${kind}`]) +
        formField(
          locale,
          noteId,
          'diagNoteLabel',
          null,
          (d, e) => `<textarea${attrs({ id: noteId, name: `note-${kind}`, rows: 2, maxlength: diagnosticRules.noteMax, 'aria-describedby': d, 'aria-invalid': invalid(e) })}>${escapeHtml(values[`note-${kind}`] ?? '')}</textarea>`,
          errors[`note-${kind}`],
        ) +
        `</fieldset>`
      );
    })
    .join('');
  const summary = renderErrorSummary(
    locale,
    barrierKinds.flatMap((k) => [
      ...(errors[`level-${k}`] ? [{ href: `#obstacle-${k}-niveau`, key: errors[`level-${k}`]! }] : []),
      ...(errors[`note-${k}`] ? [{ href: `#obstacle-${k}-note`, key: errors[`note-${k}`]! }] : []),
    ]),
  );
  return summary + form(spaceDiagnosticActions.barriers(view.slug), locale, csrf, fieldsets + button(locale, 'diagBarriersSave'), ' novalidate');
}

function actionItem(locale: Locale, csrf: string, slug: string, action: DiagnosticActionView, state: DiagnosticPageState['update']): string {
  const mine = state?.actionId === action.documentId ? state : undefined;
  const values = mine?.values ?? { status: action.status, note: action.note };
  const errors = mine?.errors ?? {};
  const id = `action-${action.documentId}`;
  const facts = [
    barrierLabel(locale, action.barrier),
    t(locale, 'diagActionOwnerIs', { owner: action.owner }),
    ...(action.dueOn ? [t(locale, 'diagActionDueOn', { date: dateText(action.dueOn, locale) })] : []),
  ];
  return (
    `<li><h3${attrs({ id })}>${escapeHtml(action.title)}</h3>` +
    `<p><strong>${escapeHtml(statusLabel(locale, action.status))}</strong> · ${escapeHtml(facts.join(' · '))}</p>` +
    (action.note ? paragraphs(action.note) : '') +
    `<details${attrs({ open: Object.keys(errors).length > 0 })}><summary>${escapeHtml(t(locale, 'diagActionUpdate'))}<span class="vh"> ${escapeHtml(action.title)}</span></summary>` +
    renderErrorSummary(locale, (['status', 'note'] as const).flatMap((f) => (errors[f] ? [{ href: `#${id}-${f}`, key: errors[f] }] : []))) +
    form(
      spaceDiagnosticActions.updateAction(slug),
      locale,
      csrf,
      hidden('action', action.documentId) +
        formField(locale, `${id}-status`, 'diagStatusLabel', null, (d, e) => select(`${id}-status`, 'status', actionStatuses, (s) => statusLabel(locale, s), values.status, d, e), errors.status) +
        formField(
          locale,
          `${id}-note`,
          'diagActionNoteLabel',
          null,
          (d, e) => `<textarea${attrs({ id: `${id}-note`, name: 'note', rows: 3, maxlength: diagnosticRules.actionNoteMax, 'aria-describedby': d, 'aria-invalid': invalid(e) })}>${escapeHtml(values.note ?? '')}</textarea>`,
          errors.note,
        ) +
        button(locale, 'diagActionSave'),
      ' novalidate',
    ) +
    `</details></li>`
  );
}

function newActionForm(locale: Locale, csrf: string, slug: string, state: DiagnosticPageState['newAction']): string {
  const values = state?.values ?? {};
  const errors = state?.errors ?? {};
  const fields = ['title', 'barrier', 'owner', 'dueOn', 'status', 'note'] as const;
  return (
    `<h3>${escapeHtml(t(locale, 'diagActionNewHeading'))}</h3>` +
    renderErrorSummary(locale, fields.flatMap((f) => (errors[f] ? [{ href: `#nouvelle-action-${f}`, key: errors[f] }] : []))) +
    form(
      spaceDiagnosticActions.addAction(slug),
      locale,
      csrf,
      formField(locale, 'nouvelle-action-title', 'diagActionTitleLabel', null, (d, e) => `<input${attrs({ id: 'nouvelle-action-title', name: 'title', type: 'text', maxlength: diagnosticRules.actionTitleMax, value: values.title ?? '', 'aria-describedby': d, 'aria-invalid': invalid(e) })}>`, errors.title) +
        formField(locale, 'nouvelle-action-barrier', 'diagActionBarrierLabel', null, (d, e) => select('nouvelle-action-barrier', 'barrier', barrierKinds, (k) => barrierLabel(locale, k), values.barrier, d, e, t(locale, 'handKindChoose')), errors.barrier) +
        formField(locale, 'nouvelle-action-owner', 'diagActionOwnerLabel', 'diagActionOwnerHint', (d, e) => `<input${attrs({ id: 'nouvelle-action-owner', name: 'owner', type: 'text', maxlength: diagnosticRules.ownerMax, value: values.owner ?? '', 'aria-describedby': d, 'aria-invalid': invalid(e) })}>`, errors.owner) +
        formField(locale, 'nouvelle-action-dueOn', 'diagActionDueLabel', null, (d, e) => `<input${attrs({ id: 'nouvelle-action-dueOn', name: 'dueOn', type: 'date', value: values.dueOn ?? '', 'aria-describedby': d, 'aria-invalid': invalid(e) })}>`, errors.dueOn) +
        formField(locale, 'nouvelle-action-status', 'diagStatusLabel', null, (d, e) => select('nouvelle-action-status', 'status', actionStatuses, (s) => statusLabel(locale, s), values.status ?? 'a_faire', d, e), errors.status) +
        formField(
          locale,
          'nouvelle-action-note',
          'diagActionNoteLabel',
          null,
          (d, e) => `<textarea${attrs({ id: 'nouvelle-action-note', name: 'note', rows: 3, maxlength: diagnosticRules.actionNoteMax, 'aria-describedby': d, 'aria-invalid': invalid(e) })}>${escapeHtml(values.note ?? '')}</textarea>`,
          errors.note,
        ) +
        button(locale, 'diagActionAdd'),
      ' novalidate',
    )
  );
}

/** A neighbourhood's checklist of barriers and its plan of action, both editable by the members of its tables. */
export function renderSpaceDiagnostic(locale: Locale, csrf: string, view: DiagnosticView, state: DiagnosticPageState = {}): SpacePage {
  const title = t(locale, 'diagTitle', { neighbourhood: view.neighbourhood });
  const hasErrors = [state.barriers?.errors, state.newAction?.errors, state.update?.errors].some((e) => e && Object.keys(e).length > 0);
  return {
    title,
    hasErrors,
    body:
      `<p>${link(withLocale(spaceDiagnosticPaths.list, locale), t(locale, 'diagListTitle'))}</p>` +
      `<h1>${escapeHtml(title)}</h1>` +
      (state.saved ? `<p role="status"><strong>${escapeHtml(t(locale, 'noticesSaved'))}</strong></p>` : '') +
      `<p>${escapeHtml(t(locale, 'diagIntro'))}</p>` +
      `<p class="hint">${escapeHtml(t(locale, 'diagTablesAre', { tables: view.tables.join(', ') }))}</p>` +
      `<h2>${escapeHtml(t(locale, 'diagPlanHeading'))}</h2>` +
      progress(locale, view.done, view.total, 'plan-progres') +
      (view.actions.length ? `<ul class="thread">${view.actions.map((a) => actionItem(locale, csrf, view.slug, a, state.update)).join('')}</ul>` : '') +
      newActionForm(locale, csrf, view.slug, state.newAction) +
      `<h2>${escapeHtml(t(locale, 'diagBarriersHeading'))}</h2>` +
      `<p>${escapeHtml(view.updatedAt ? t(locale, 'diagUpdatedOn', { date: formatDate(view.updatedAt, locale) }) : t(locale, 'diagNeverUpdated'))}</p>` +
      barriersForm(locale, csrf, view, state.barriers),
  };
}
