import { z } from 'zod';
import { attrs, escapeHtml } from './html.ts';
import { fieldError, formField } from './form-field.ts';
import { hidden, withLocale } from './space-html.ts';
import { renderErrorSummary } from './petition-form.ts';
import { parseSpaceContact, type SpaceContact, type SpacePage } from './practitioners.ts';
import { participationRoutes, participationUrl } from './routes.ts';
import { spaceTablePath } from './space-meetings.ts';
import { t, type MessageKey } from '../i18n.ts';
import type { Locale } from '../locales.ts';

/**
 * Invitations from a round table's page: the table's coordination or an OC at it gives a name and an
 * email or a mobile; the CMS makes (or re-uses) the member, seats them at the table and sends one
 * message with a one-time link that signs them in. Pages and rules only; who may invite is the CMS's.
 */
export const spaceInvitePath = (tableId: string) => participationUrl(participationRoutes.showSpaceInvite.path, tableId);

export const invitationRules = {
  /** The link in an invitation works once, for this many days. */
  linkDays: 7,
  /** Invitations one member may send in 24 hours. */
  perInviterPerDay: 20,
  /** Invitations one email or mobile may receive in 24 hours, whoever sends them: past it, nothing is sent. */
  perContactPerDay: 3,
  nameMax: 120,
} as const;

export const invitableRoles = ['intervenant', 'coordination', 'oc'] as const;
export type InvitableRole = (typeof invitableRoles)[number];
export type InviteField = 'name' | 'contact' | 'role';
export type InviteFormValues = Partial<Record<InviteField, string>>;
export type InviteErrors = Partial<Record<InviteField, MessageKey>>;
export interface InviteInput {
  name: string;
  contact: SpaceContact;
  role: InvitableRole;
}

// eslint-disable-next-line no-control-regex -- refusing control characters in a typed name is the point
const controlChars = /[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069]/;
const nameSchema = z
  .string()
  .transform((v) => v.trim())
  .superRefine((v, ctx) => {
    const issue = (message: MessageKey) => ctx.addIssue({ code: z.ZodIssueCode.custom, message });
    if (v === '') return issue('errSpaceInviteName');
    // UTF-16 units, as Strapi's maxLength counts (an emoji is two).
    if (v.length > invitationRules.nameMax) return issue('errSpaceTooLong');
    if (controlChars.test(v)) issue('errFieldInvalid');
  });

/** The invitation form, read: only an OC may invite an OC. */
export function parseInviteForm(fields: Record<string, string | undefined>, inviterIsOc: boolean): { values: InviteFormValues; result: { ok: true; value: InviteInput } | { ok: false; errors: InviteErrors } } {
  const values: InviteFormValues = { name: (fields.name ?? '').slice(0, 200), contact: (fields.contact ?? '').slice(0, 254), role: fields.role ?? 'intervenant' };
  const errors: InviteErrors = {};
  const name = nameSchema.safeParse(values.name);
  if (!name.success) errors.name = name.error.issues[0]!.message as MessageKey;
  const contact = parseSpaceContact(values.contact ?? '');
  if (!contact) errors.contact = 'errSpaceContact';
  const role = (invitableRoles as readonly string[]).includes(values.role ?? '') ? (values.role as InvitableRole) : null;
  if (!role) errors.role = 'errFieldInvalid';
  else if (role === 'oc' && !inviterIsOc) errors.role = 'errSpaceInviteOcOnly';
  if (!name.success || !contact || !role || Object.keys(errors).length > 0) return { values, result: { ok: false, errors } };
  return { values, result: { ok: true, value: { name: name.data, contact, role } } };
}

const roleKey = { intervenant: 'spaceRoleIntervenant', coordination: 'spaceRoleCoordination', oc: 'spaceRoleOc' } as const satisfies Record<InvitableRole, MessageKey>;

/** Invite a person to a table: a name, an email or a mobile, a role (an OC only for an OC). */
export function renderInviteForm(locale: Locale, csrf: string, table: { documentId: string; name: string }, values: InviteFormValues, errors: InviteErrors = {}, canInviteOc = false): SpacePage {
  const title = t(locale, 'spaceInviteTitle');
  const roles = invitableRoles.filter((r) => r !== 'oc' || canInviteOc);
  const chosen = values.role && (roles as readonly string[]).includes(values.role) ? values.role : 'intervenant';
  const roleError = errors.role;
  return {
    title,
    hasErrors: Object.keys(errors).length > 0,
    body:
      `<p><a href="${escapeHtml(withLocale(spaceTablePath(table.documentId), locale))}">${escapeHtml(table.name)}</a></p>` +
      `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(t(locale, 'spaceInviteIntro', { table: table.name, days: invitationRules.linkDays }))}</p>` +
      renderErrorSummary(
        locale,
        (['name', 'contact', 'role'] as const).flatMap((f) => (errors[f] ? [{ href: `#invitation-${f}`, key: errors[f] }] : [])),
      ) +
      `<form method="post" action="${escapeHtml(spaceInvitePath(table.documentId))}" novalidate>${hidden('csrf', csrf)}${hidden('locale', locale)}` +
      formField(locale, 'invitation-name', 'spaceInviteNameLabel', null, (d, invalid) => `<input${attrs({ id: 'invitation-name', name: 'name', type: 'text', autocomplete: 'off', maxlength: invitationRules.nameMax, value: values.name ?? '', 'aria-describedby': d, 'aria-invalid': invalid ? 'true' : undefined })}>`, errors.name) +
      formField(locale, 'invitation-contact', 'spaceContactLabel', 'spaceContactHint', (d, invalid) => `<input${attrs({ id: 'invitation-contact', name: 'contact', type: 'text', inputmode: 'email', autocomplete: 'off', maxlength: 254, value: values.contact ?? '', 'aria-describedby': d, 'aria-invalid': invalid ? 'true' : undefined })}>`, errors.contact) +
      `<fieldset id="invitation-role"${roleError ? ' class="field-error" aria-describedby="invitation-role-erreur"' : ''}><legend>${escapeHtml(t(locale, 'spaceInviteRoleLegend'))}</legend>` +
      fieldError(locale, 'invitation-role', roleError) +
      roles.map((r) => `<div class="check"><input${attrs({ type: 'radio', id: `invitation-role-${r}`, name: 'role', value: r, checked: r === chosen })}> <label for="invitation-role-${r}">${escapeHtml(t(locale, roleKey[r]))}</label></div>`).join('') +
      `</fieldset>` +
      `<button type="submit">${escapeHtml(t(locale, 'spaceInviteButton'))}</button></form>`,
  };
}
