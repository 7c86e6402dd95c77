import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePhone } from '@passerelle/shared/participation';
import { retentionFromEnv } from '@passerelle/shared/privacy';
import { applyRetention } from '../../cms/src/participation/retention.ts';
import { outboxMessages, outboxSettled, useTestOutbox } from '../support/participation.ts';
import { createHandRequest, createReachableMember, createRoundTable, createThreadMessage, handRequestUid, practitionerUid, sessionUid, signInByCode, threadMessageUid } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Law 25 for the members of the practitioners' space: a member who has not signed in for
 * RETENTION_SPACE_INACTIVE_MEMBER_MONTHS is told once, 30 days before, by their own channel and
 * in their language, that signing in keeps their account; after the period (and never sooner than
 * 30 days after the warning) the retention run erases them as an erasure on request does. Signing
 * in starts the clock again. On the database the run is given (SQLite, or PostgreSQL with
 * DATABASE_CLIENT=postgres).
 */
const outbox = useTestOutbox();
const months = 6;
const DAY = 86_400_000;
const outboxUid = 'api::participation.outbound-message';
let app: StartedStrapi;
let strapi: Strapi;

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false', RETENTION_SPACE_INACTIVE_MEMBER_MONTHS: String(months) } });
  strapi = app.strapi;
});

afterAll(async () => {
  await app?.stop();
});

/** The member's record dated as if made `days` ago and never signed in since (`warnedDaysAgo`: told that long ago). */
async function age(documentId: string, days: number, warnedDaysAgo?: number): Promise<void> {
  const meta = strapi.db.metadata.get(practitionerUid);
  const column = (attribute: string) => (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  await strapi.db
    .connection(meta.tableName)
    .where('document_id', documentId)
    .update({ created_at: new Date(Date.now() - days * DAY), [column('lastActiveAtMs')]: null, [column('inactivityWarnedAtMs')]: warnedDaysAgo === undefined ? null : Date.now() - warnedDaysAgo * DAY });
}

async function member(name: string, options: { days: number; warnedDaysAgo?: number; spaceRole?: string; noticeChannel?: string; noticeLanguage?: 'fr' | 'en' }) {
  const made = await createReachableMember(strapi, name, { ...(options.spaceRole ? { spaceRole: options.spaceRole } : {}), ...(options.noticeChannel ? { noticeChannel: options.noticeChannel } : {}) });
  if (options.noticeLanguage) await strapi.db.query(practitionerUid).update({ where: { documentId: made.documentId }, data: { noticeLanguage: options.noticeLanguage } });
  await age(made.documentId, options.days, options.warnedDaysAgo);
  return made;
}

const warningsTo = (documentId: string) => strapi.db.query(outboxUid).count({ where: { messageKind: 'space-inactive-warning', idempotencyKey: { $contains: documentId } } });
const sentTo = (to: string) => outboxMessages(outbox).filter((m) => m.to === to);

describe('members who no longer use the space are forgotten', () => {
  it('the period is a validated setting: 2 to 120 months, 24 by default, and a wrong value names the variable', () => {
    expect(retentionFromEnv({}).spaceInactiveMemberMonths).toBe(24);
    expect(retentionFromEnv({ RETENTION_SPACE_INACTIVE_MEMBER_MONTHS: '36' }).spaceInactiveMemberMonths).toBe(36);
    for (const wrong of ['1', '0', '121', 'vingt-quatre', '12.5']) expect(() => retentionFromEnv({ RETENTION_SPACE_INACTIVE_MEMBER_MONTHS: wrong })).toThrow(/RETENTION_SPACE_INACTIVE_MEMBER_MONTHS/);
  });

  it('warns once, about 30 days before, by the member’s own channel and language; a sign-in resets the clock; after the period the member and their traces are erased', async () => {
    // Six months is 181–184 days: at 170 days idle the erasure is 11–14 days away, inside the 30 days' notice.
    const nearEnd = await member('Yannick Idle', { days: 170, noticeChannel: 'sms', noticeLanguage: 'en' });
    const oc = await member('Odile OC', { days: 170, spaceRole: 'oc', noticeChannel: 'email' });
    const returning = await member('Rachid Revient', { days: 170, noticeChannel: 'email' });
    const active = await member('Alice Active', { days: 20, noticeChannel: 'email' });
    // Past the period but never told (the rule is new to them): told first, not erased.
    const neverTold = await member('Nadia Jamais', { days: 200, noticeChannel: 'email' });
    // Past the period and told 40 days ago: erased, with what they left in the space.
    const gone = await member('Gaston Parti', { days: 200, warnedDaysAgo: 40, noticeChannel: 'email' });
    const table = await createRoundTable(strapi, { name: 'Table de Rosemont', members: [gone.documentId, active.documentId] });
    await createThreadMessage(strapi, { author: gone.documentId, text: 'Message de Gaston à la table', table });
    await createThreadMessage(strapi, { author: active.documentId, text: 'Message d’Alice à la table', table });
    await createHandRequest(strapi, { author: gone.documentId, tables: [table], title: 'Gaston cherche un local' });
    await strapi.db.query(sessionUid).create({ data: { tokenHash: randomBytes(32).toString('hex'), practitionerDocumentId: gone.documentId, createdAtMs: Date.now() - 200 * DAY, lastSeenAtMs: Date.now() - 200 * DAY } });

    const first = await applyRetention(strapi);
    // The same night twice, then the next night: nobody is told twice.
    const again = await applyRetention(strapi);
    const nextNight = await applyRetention(strapi, new Date(Date.now() + DAY));
    await outboxSettled();

    expect(first.spaceMembersWarned).toBe(4);
    expect(again.spaceMembersWarned).toBe(0);
    expect(nextNight.spaceMembersWarned).toBe(0);
    expect(first.spaceMembersErased).toBe(1);
    for (const told of [nearEnd, oc, returning, neverTold]) expect(await warningsTo(told.documentId)).toBe(1);
    expect(await warningsTo(active.documentId)).toBe(0);

    // By text in English to the one who chose texts, to no other contact of theirs.
    const texts = sentTo(normalisePhone(nearEnd.phone)!);
    expect(texts).toHaveLength(1);
    expect(texts[0]!.text).toMatch(/account will be erased on .+ sign in before/i);
    expect(texts[0]!.text).toContain('/participer/espace/connexion?locale=en');
    expect(sentTo(nearEnd.email)).toHaveLength(0);
    // By email in French to the OC: OCs are not exempt.
    const ocMail = sentTo(oc.email);
    expect(ocMail).toHaveLength(1);
    expect(ocMail[0]!.subject).toBe('Votre compte de l’espace intervenant·e·s sera effacé');
    expect(ocMail[0]!.text).toContain('connectez-vous avant cette date');
    expect(sentTo(returning.email).map((m) => m.subject)).toEqual(['Votre compte de l’espace intervenant·e·s sera effacé']);
    expect(sentTo(active.email)).toHaveLength(0);

    // The erased member: record, sessions, thread messages and requests gone; the others' words stay.
    expect(await strapi.db.query(practitionerUid).count({ where: { documentId: gone.documentId } })).toBe(0);
    expect(await strapi.db.query(sessionUid).count({ where: { practitionerDocumentId: gone.documentId } })).toBe(0);
    expect(await strapi.db.query(threadMessageUid).count({ where: { text: 'Message de Gaston à la table' } })).toBe(0);
    expect(await strapi.db.query(handRequestUid).count({ where: { title: 'Gaston cherche un local' } })).toBe(0);
    expect(await strapi.db.query(threadMessageUid).count({ where: { text: 'Message d’Alice à la table' } })).toBe(1);
    expect(await strapi.db.query(practitionerUid).count({ where: { documentId: { $in: [nearEnd.documentId, oc.documentId, returning.documentId, active.documentId, neverTold.documentId] } } })).toBe(5);

    // Rachid signs in: the clock starts again and the warning no longer stands.
    await signInByCode(app.baseUrl, outbox, returning.phone);
    const back = (await strapi.db.query(practitionerUid).findOne({ where: { documentId: returning.documentId }, select: ['lastActiveAtMs', 'inactivityWarnedAtMs'] })) as { lastActiveAtMs: string | number | null; inactivityWarnedAtMs: string | number | null };
    expect(Date.now() - Number(back.lastActiveAtMs)).toBeLessThan(60_000);
    expect(back.inactivityWarnedAtMs).toBeNull();

    // 40 days later (the outbox's own 30 days have emptied it by then): those who stayed away are
    // erased; Rachid, who signed in, and Alice stay, and nobody is told again.
    const later = await applyRetention(strapi, new Date(Date.now() + 40 * DAY));
    expect(later.spaceMembersErased).toBe(3);
    expect(later.spaceMembersWarned).toBe(0);
    expect(await strapi.db.query(practitionerUid).count({ where: { documentId: { $in: [nearEnd.documentId, oc.documentId, neverTold.documentId] } } })).toBe(0);
    expect(await strapi.db.query(practitionerUid).count({ where: { documentId: { $in: [returning.documentId, active.documentId] } } })).toBe(2);
  });
});
