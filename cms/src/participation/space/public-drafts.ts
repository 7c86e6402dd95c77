import type { Core } from '@strapi/strapi';
import { t } from '@passerelle/shared/i18n';
import { publicDraftRules, type PublicDraftInput, type PublicDraftMark, type PublicDraftSource } from '@passerelle/shared/participation';
import { newDocumentId } from '../crypto';
import { slugFor } from '../proposals/proposals';

/**
 * From the space to the public site: a member's form becomes a DRAFT event or call, marked "to
 * review", so it follows the review flow every group's draft follows (the OCs of its neighbourhood
 * are emailed by the review workflow; an OC publishes it from the admin). Nothing here publishes:
 * the document service is called without a status, whatever the member's role or the form's extra
 * fields. Only the form's values are copied; the private row below records where it came from, for
 * the source's page ("Brouillon proposé le …") and the daily limit.
 */
export const publicDraftUid = 'api::practitioners.public-draft';
const draftUids = { event: 'api::event.event', call: 'api::call.call' } as const;

/** A request for volunteers becomes a call for volunteers; anything else is "other" until the OC says. */
const callKindOf = (source: { kind: PublicDraftSource; handKind?: string }) => (source.handKind === 'benevoles' ? 'volunteering' : 'other');

export async function draftsOfSource(strapi: Core.Strapi, source: PublicDraftSource, documentId: string): Promise<PublicDraftMark[]> {
  const rows = (await strapi.db.query(publicDraftUid).findMany({
    where: { sourceKind: source, sourceDocumentId: documentId },
    select: ['draftKind', 'createdAtMs'],
    orderBy: { createdAtMs: 'asc' },
  })) as Array<{ draftKind: PublicDraftMark['kind']; createdAtMs: string | number }>;
  return rows.map((r) => ({ kind: r.draftKind, at: new Date(Number(r.createdAtMs)).toISOString() }));
}

const dayMs = 86_400_000;

/** Each draft lands in the OCs' review list and mailbox: a member makes a few a day at most. */
export async function overDraftLimit(strapi: Core.Strapi, memberId: string, now = Date.now()): Promise<boolean> {
  const count = await strapi.db.query(publicDraftUid).count({ where: { author: { documentId: memberId }, createdAtMs: { $gt: now - dayMs } } });
  return count >= publicDraftRules.draftsPerDay;
}

function bodyOf(input: PublicDraftInput): string {
  const place = input.place ? `${t(input.language, 'publicDraftPlaceLabel')}${t(input.language, 'colon')} ${input.place}` : '';
  return [input.details, place].filter(Boolean).join('\n\n');
}

/**
 * The draft (in the language the member wrote in; the OC adds the translation) and its record, in
 * one transaction with the review workflow's email to the OCs: all of it, or none.
 */
export async function makePublicDraft(
  strapi: Core.Strapi,
  memberId: string,
  source: { kind: PublicDraftSource; documentId: string; handKind?: string },
  input: PublicDraftInput,
  now = Date.now(),
): Promise<{ uid: string; documentId: string }> {
  return strapi.db.transaction(async () => {
    const common = {
      title: input.title,
      slug: slugFor(input.title),
      summary: input.summary,
      body: bodyOf(input),
      neighbourhoods: input.neighbourhood && (await existsInLocale(strapi, input.neighbourhood, input.language)) ? [input.neighbourhood] : [],
      reviewStatus: 'to_review',
    };
    const data =
      input.kind === 'event'
        ? { ...common, startsAt: input.startsAt, endsAt: input.endsAt, registrationMode: 'none' }
        : { ...common, kind: callKindOf(source), startsAt: input.startsAt, endsAt: input.endsAt, deadline: input.deadline };
    const uid = draftUids[input.kind];
    const draft = (await strapi.documents(uid).create({ locale: input.language, data: data as never })) as { documentId: string };
    await strapi.db.query(publicDraftUid).create({
      data: { documentId: newDocumentId(), sourceKind: source.kind, sourceDocumentId: source.documentId, author: await memberRowId(strapi, memberId), draftKind: input.kind, draftDocumentId: draft.documentId, createdAtMs: now },
    });
    return { uid, documentId: draft.documentId };
  });
}

/**
 * A relation connects to the target's version in the draft's own locale: a neighbourhood not yet
 * translated is left for the OC to set, rather than failing the member's draft.
 */
async function existsInLocale(strapi: Core.Strapi, neighbourhood: string, locale: string): Promise<boolean> {
  return (await strapi.db.query('api::neighbourhood.neighbourhood').count({ where: { documentId: neighbourhood, locale } })) > 0;
}

async function memberRowId(strapi: Core.Strapi, memberId: string): Promise<number | null> {
  const row = (await strapi.db.query('api::practitioners.practitioner').findOne({ where: { documentId: memberId }, select: ['id'] })) as { id: number } | null;
  return row?.id ?? null;
}
