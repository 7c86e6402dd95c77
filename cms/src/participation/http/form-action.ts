import { renderMessagePage } from '@passerelle/shared/participation';
import { t, toLocale, type MessageKey } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';
import { hasReportedOutcome, reportOutcome, type ParticipationForm } from '../outcomes';
import { readFormBody } from './form-body';
import { seeOther, sendHtml, type Ctx } from './respond';

/**
 * The one sequence every resident's form goes through, so each handler says only what is its own:
 * 415/413 (not a form, too big: in the address's language, nothing read yet) → 404 (no such item)
 * → 409 (the item takes no answer now) → 422 (the form again, values kept, errors in French or
 * English) → the work → 303 to the page it lands on. From the body on, the language is the form's
 * own hidden `locale` field.
 */

/** A message page: its title and text, and the link back to the item when there is one. */
export interface MessageKeys {
  title: MessageKey;
  body: MessageKey;
  /** Values for the body's placeholders. */
  values?: Record<string, string | number>;
  back?: { href: string; label: string };
}

export type Parsed<Value, Errors> = { ok: true; value: Value } | { ok: false; errors: Errors };

/** What a form is about: a published item, found by slug in the form's language. */
export interface FormItem<Item> {
  find(locale: Locale): Promise<Item | null>;
  /** The 404 page when there is no such item. */
  unknown: MessageKeys;
  /** The 409 page when the item takes no answer now (closed, full, not yet open), else null. */
  refusal(item: Item, locale: Locale): MessageKeys | null;
}

export interface FormAction<Item, Value, Errors> {
  /** Its name in the metrics; `act` reports a finer outcome than `accepted` with `reportOutcome`. */
  form: ParticipationForm;
  /** Absent for a form about no item (proposing an activity): then `item` is undefined below. */
  item?: FormItem<Item>;
  parse(fields: Record<string, string>, item: Item): Parsed<Value, Errors>;
  /** The form again, with what was typed and the errors: answered with 422. */
  formPage(locale: Locale, item: Item, fields: Record<string, string>, errors: Errors): string;
  /** Stores and sends what the form asked for; returns where to send the person (303). */
  act(input: { item: Item; value: Value; fields: Record<string, string>; locale: Locale }): Promise<string>;
}

const LOCALE_KEY = 'passerelleFormLocale';

/** The form's language, for an answer the router gives when a later step fails (database away). */
function rememberFormLocale(ctx: Ctx, locale: Locale): void {
  if (ctx.state) ctx.state[LOCALE_KEY] = locale;
}

export function formLocale(ctx: Ctx): Locale | undefined {
  return ctx.state?.[LOCALE_KEY] as Locale | undefined;
}

export function sendMessage(ctx: Ctx, status: number, locale: Locale, message: MessageKeys): void {
  sendHtml(ctx, status, renderMessagePage(locale, t(locale, message.title), t(locale, message.body, message.values), message.back));
}

/** Reads the form and answers the 415/413 pages itself; returns null when it already answered. */
export async function readFormOrRefuse(ctx: Ctx, locale: Locale): Promise<Record<string, string> | null> {
  const body = await readFormBody(ctx.req);
  if (body.kind === 'ok') return body.fields;
  if (body.kind === 'wrong-type') sendMessage(ctx, 415, locale, { title: 'wrongTypeTitle', body: 'wrongTypeBody' });
  else sendMessage(ctx, 413, locale, { title: 'tooLargeTitle', body: 'tooLargeBody' });
  return null;
}

export async function formAction<Item, Value, Errors>(ctx: Ctx, queryLocale: Locale, action: FormAction<Item, Value, Errors>): Promise<void> {
  const fields = await readFormOrRefuse(ctx, queryLocale);
  if (!fields) return;
  const locale = toLocale(fields.locale);
  rememberFormLocale(ctx, locale);
  // A form about no item has nothing to look up; its steps below are given `undefined`.
  let item = undefined as Item;
  if (action.item) {
    const found = await action.item.find(locale);
    if (!found) {
      reportOutcome(ctx, action.form, 'unknown');
      return sendMessage(ctx, 404, locale, action.item.unknown);
    }
    const refusal = action.item.refusal(found, locale);
    if (refusal) {
      reportOutcome(ctx, action.form, 'refused');
      return sendMessage(ctx, 409, locale, refusal);
    }
    item = found;
  }
  const parsed = action.parse(fields, item);
  if (!parsed.ok) {
    reportOutcome(ctx, action.form, 'invalid');
    return sendHtml(ctx, 422, action.formPage(locale, item, fields, parsed.errors));
  }
  const location = await action.act({ item, value: parsed.value, fields, locale });
  if (!hasReportedOutcome(ctx)) reportOutcome(ctx, action.form, 'accepted');
  seeOther(ctx, location);
}
