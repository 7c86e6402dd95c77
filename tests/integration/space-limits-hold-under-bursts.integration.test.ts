import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  handRules,
  invitationRules,
  normalisePhone,
  parseSpaceContact,
  publicDraftRules,
  resourceRules,
  spaceHandActions,
  spaceHandPaths,
  spaceInvitePath,
  spaceMeetingActions,
  spaceMeetingPath,
  spacePaths,
  spacePublicDraftPath,
  spaceResourcePaths,
  spaceRules,
  spaceThreadActions,
  threadRules,
} from '@passerelle/shared/participation';
import { outboxUid, recipientHash } from '../../cms/src/participation/messages/send.ts';
import { requestSignIn } from '../../cms/src/participation/space/sign-in.ts';
import { burst, outboxMessages, useTestOutbox } from '../support/participation.ts';
import {
  createHandRequest,
  createMeeting,
  createMember,
  createNeighbourhoodWithOcs,
  createRoundTable,
  handReplyUid,
  handRequestUid,
  hiddenFields,
  newMemberEmail,
  newMemberPhone,
  practitionerUid,
  publicDraftUid,
  resourceUid,
  signInByCode,
  signInUid,
  SpaceBrowser,
  threadMessageUid,
  type SpaceAnswer,
} from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Every hourly or daily limit of the practitioners' space, hit by a burst: three times the limit
 * sent at once, as real HTTP posts. Exactly the limit is stored or sent, the rest is refused, on
 * SQLite and on PostgreSQL (this file runs in both integration runs): simultaneous requests must
 * count one after the other, not all read the same count and pass together. The sign-in page's
 * limits matter most: a burst must not let anyone flood a person with texts or emails through us.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
let tableId: string;

const csrfOf = async (browser: SpaceBrowser) => hiddenFields((await browser.get(spacePaths.home)).text, spacePaths.signOut).csrf!;
const statuses = (answers: SpaceAnswer[]) => answers.map((a) => a.status).sort();
const times = (count: number, status: number) => Array.from({ length: count }, () => status);
const e164 = (phone: string) => normalisePhone(phone)!;
const messagesTo = (to: string) => outboxMessages(outbox).filter((m) => m.to === to);

/** A member seated at the burst table and signed in by a text code. */
async function signedInMember(name: string, data: { spaceRole?: string; email?: string } = {}) {
  const phone = newMemberPhone();
  const { documentId } = await createMember(strapi, { name, phone, email: data.email ?? newMemberEmail('rafale'), spaceRole: data.spaceRole ?? 'intervenant' });
  return { documentId, phone, browser: null as unknown as SpaceBrowser };
}

async function seat(members: Array<{ documentId: string }>, coordinators: Array<{ documentId: string }> = [], neighbourhoods: string[] = []): Promise<string> {
  return createRoundTable(strapi, { name: `Table rafale ${Math.random().toString(36).slice(2, 8)}`, members: members.map((m) => m.documentId), coordinators: coordinators.map((m) => m.documentId), neighbourhoods });
}

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false' } });
  strapi = app.strapi;
});

afterAll(async () => {
  await app?.stop();
});

describe('a signed-in member’s limits hold when the posts arrive all at once', () => {
  it(`thread messages: ${threadRules.messagesPerHour} an hour, whatever the burst`, async () => {
    const rita = await signedInMember('Rita Rafale');
    tableId = await seat([rita]);
    rita.browser = await signInByCode(app.baseUrl, outbox, rita.phone);
    const csrf = await csrfOf(rita.browser);
    const answers = await burst(3 * threadRules.messagesPerHour, (i) => rita.browser.post(spaceThreadActions.table(tableId), { csrf, locale: 'fr', text: `Rafale ${i}` }));
    expect(statuses(answers)).toEqual([...times(threadRules.messagesPerHour, 303), ...times(2 * threadRules.messagesPerHour, 429)]);
    expect(await strapi.db.query(threadMessageUid).count({ where: { author: { documentId: rita.documentId } } })).toBe(threadRules.messagesPerHour);
  });

  it(`requests for a hand: ${handRules.requestsPerDay} a day`, async () => {
    const henri = await signedInMember('Henri Rafale');
    const table = await seat([henri]);
    henri.browser = await signInByCode(app.baseUrl, outbox, henri.phone);
    const csrf = await csrfOf(henri.browser);
    const form = { csrf, locale: 'fr', kind: 'salle', details: 'Pour une trentaine de personnes.', neededBy: '', [`table-${table}`]: '1' };
    const answers = await burst(3 * handRules.requestsPerDay, (i) => henri.browser.post(spaceHandPaths.create, { ...form, title: `Salle numéro ${i}` }));
    expect(statuses(answers)).toEqual([...times(handRules.requestsPerDay, 303), ...times(2 * handRules.requestsPerDay, 429)]);
    expect(await strapi.db.query(handRequestUid).count({ where: { author: { documentId: henri.documentId } } })).toBe(handRules.requestsPerDay);
  });

  it(`requests for a hand widened by their author: ${handRules.requestsPerDay} a day, counted with new ones`, async () => {
    const wanda = await signedInMember('Wanda Rafale');
    const [here, there] = [await seat([wanda]), await seat([wanda])];
    wanda.browser = await signInByCode(app.baseUrl, outbox, wanda.phone);
    const csrf = await csrfOf(wanda.browser);
    const old: string[] = [];
    for (let i = 0; i < 3 * handRules.requestsPerDay; i++) old.push(await createHandRequest(strapi, { author: wanda.documentId, tables: [here], title: `Ancienne ${i}`, ageDays: 3 }));
    const form = { csrf, locale: 'fr', kind: 'salle', details: 'Pour une trentaine de personnes.', neededBy: '', [`table-${here}`]: '1', [`table-${there}`]: '1' };
    const answers = await burst(old.length, (i) => wanda.browser.post(spaceHandActions.edit(old[i]!), { ...form, title: `Ancienne ${i}` }));
    expect(statuses(answers)).toEqual([...times(handRules.requestsPerDay, 303), ...times(2 * handRules.requestsPerDay, 429)]);
    expect(await strapi.db.query(handRequestUid).count({ where: { author: { documentId: wanda.documentId }, widenedAtMs: { $notNull: true } } })).toBe(handRules.requestsPerDay);
  });

  it(`replies to a request: ${handRules.repliesPerHour} an hour`, async () => {
    const asker = await signedInMember('Alice Demande');
    const replier = await signedInMember('Raoul Rafale');
    const table = await seat([asker, replier]);
    const hand = await createHandRequest(strapi, { author: asker.documentId, tables: [table], title: 'Besoin d’une salle' });
    replier.browser = await signInByCode(app.baseUrl, outbox, replier.phone);
    const csrf = await csrfOf(replier.browser);
    const answers = await burst(3 * handRules.repliesPerHour, (i) => replier.browser.post(spaceHandActions.reply(hand), { csrf, locale: 'fr', text: `Réponse ${i}` }));
    expect(statuses(answers)).toEqual([...times(handRules.repliesPerHour, 303), ...times(2 * handRules.repliesPerHour, 429)]);
    expect(await strapi.db.query(handReplyUid).count({ where: { author: { documentId: replier.documentId } } })).toBe(handRules.repliesPerHour);
  });

  it(`shared resources: ${resourceRules.perDay} a day`, async () => {
    const rose = await signedInMember('Rose Rafale');
    await seat([rose]);
    rose.browser = await signInByCode(app.baseUrl, outbox, rose.phone);
    const csrf = await csrfOf(rose.browser);
    const answers = await burst(3 * resourceRules.perDay, (i) =>
      rose.browser.post(spaceResourcePaths.create, { csrf, locale: 'fr', title: `Guide ${i}`, description: '', url: `https://exemple.org/guide-${i}`, 'theme-social_media': '1', table: '' }),
    );
    expect(statuses(answers)).toEqual([...times(resourceRules.perDay, 303), ...times(2 * resourceRules.perDay, 429)]);
    expect(await strapi.db.query(resourceUid).count({ where: { author: { documentId: rose.documentId } } })).toBe(resourceRules.perDay);
  });

  it(`drafts for the public site: ${publicDraftRules.draftsPerDay} a day`, async () => {
    const hood = await createNeighbourhoodWithOcs(strapi, { name: 'Villeray', ocEmails: ['oc.rafale@exemple.org'] });
    const paul = await signedInMember('Paul Rafale');
    const table = await seat([paul], [], [hood]);
    const meeting = await createMeeting(strapi, table, { title: 'Réunion de la rafale', startsInDays: -3, decisions: 'Organiser une fête de quartier.' });
    paul.browser = await signInByCode(app.baseUrl, outbox, paul.phone);
    const csrf = await csrfOf(paul.browser);
    const date = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const form = { csrf, locale: 'fr', kind: 'event', summary: 'Une fête pour tout le monde.', details: 'Jeux et musique.', date, start: '13:00', end: '17:00', place: 'Parc Jarry', neighbourhood: hood };
    const answers = await burst(3 * publicDraftRules.draftsPerDay, (i) => paul.browser.post(spacePublicDraftPath('meeting', meeting), { ...form, title: `Fête numéro ${i}` }));
    expect(statuses(answers)).toEqual([...times(publicDraftRules.draftsPerDay, 303), ...times(2 * publicDraftRules.draftsPerDay, 429)]);
    expect(await strapi.db.query(publicDraftUid).count({ where: { author: { documentId: paul.documentId } } })).toBe(publicDraftRules.draftsPerDay);
    expect(await strapi.db.query('api::event.event').count({ where: { title: { $startsWith: 'Fête numéro ' } } })).toBe(publicDraftRules.draftsPerDay);
  });

  it('the agenda sent to members: once per 10 minutes, however many presses race', async () => {
    const claire = await signedInMember('Claire Coordo');
    const marc = await signedInMember('Marc Membre');
    const table = await seat([claire, marc], [claire]);
    const meeting = await createMeeting(strapi, table, { title: 'Rencontre de la rafale', startsInDays: 10, agenda: '1. Bienvenue' });
    claire.browser = await signInByCode(app.baseUrl, outbox, claire.phone);
    const fields = hiddenFields((await claire.browser.get(spaceMeetingPath(meeting))).text, spaceMeetingActions.sendAgenda(meeting));
    const answers = await burst(3, () => claire.browser.post(spaceMeetingActions.sendAgenda(meeting), fields));
    expect(statuses(answers)).toEqual([303, 429, 429]);
    expect(await strapi.db.query(outboxUid).count({ where: { messageKind: 'space-agenda', idempotencyKey: { $contains: meeting } } })).toBe(2);
  });
});

describe('invitations hold when the posts arrive all at once', () => {
  let inviter: Awaited<ReturnType<typeof signedInMember>>;
  let second: Awaited<ReturnType<typeof signedInMember>>;
  let table: string;
  const invite = async (browser: SpaceBrowser, contact: string, name: string) => {
    const fields = hiddenFields((await browser.get(spaceInvitePath(table))).text, spaceInvitePath(table));
    return () => browser.post(spaceInvitePath(table), { ...fields, role: 'intervenant', name, contact });
  };

  beforeAll(async () => {
    inviter = await signedInMember('Ivan Invite');
    second = await signedInMember('Inès Invite');
    table = await seat([inviter, second], [inviter, second]);
    inviter.browser = await signInByCode(app.baseUrl, outbox, inviter.phone);
    second.browser = await signInByCode(app.baseUrl, outbox, second.phone);
  });

  it(`an inviter: ${invitationRules.perInviterPerDay} a day`, async () => {
    const count = 3 * invitationRules.perInviterPerDay;
    const sends = await Promise.all(Array.from({ length: count }, (_, i) => invite(inviter.browser, newMemberEmail(`invite-${i}`), `Invitée ${i}`)));
    const answers = await burst(count, (i) => sends[i]!());
    expect(statuses(answers)).toEqual([...times(invitationRules.perInviterPerDay, 200), ...times(2 * invitationRules.perInviterPerDay, 429)]);
    expect(await strapi.db.query(signInUid).count({ where: { inviterDocumentId: inviter.documentId } })).toBe(invitationRules.perInviterPerDay);
  });

  it(`a contact: ${invitationRules.perContactPerDay} invitations a day sent, and one member made, whoever invites`, async () => {
    const email = newMemberEmail('invitee-rafale');
    const count = 3 * invitationRules.perContactPerDay;
    const sends = await Promise.all(Array.from({ length: count }, () => invite(second.browser, email, 'Nadia Nouvelle')));
    const answers = await burst(count, (i) => sends[i]!());
    // The same page for every one of them: the inviter learns nothing from the limit.
    expect(statuses(answers)).toEqual(times(count, 200));
    expect(messagesTo(email)).toHaveLength(invitationRules.perContactPerDay);
    expect(await strapi.db.query(practitionerUid).count({ where: { email } })).toBe(1);
  });
});

describe('sign-in requests hold when they arrive all at once: nobody is flooded through us', () => {
  /** `count` browsers on the sign-in page (from `ip`, or each its own address), then all their posts at once. */
  async function signInBurst(contacts: string[], ip?: string): Promise<SpaceAnswer[]> {
    const ready = await Promise.all(
      contacts.map(async (contact) => {
        const browser = new SpaceBrowser(app.baseUrl, ip ? { ip } : {});
        const fields = hiddenFields((await browser.get(spacePaths.signIn)).text, spacePaths.signIn);
        return () => browser.post(spacePaths.signIn, { ...fields, contact });
      }),
    );
    return burst(ready.length, (i) => ready[i]!());
  }

  it(`an email gets at most ${spaceRules.requestsPerContactPerHour} links an hour`, async () => {
    const email = newMemberEmail('lien-rafale');
    await createMember(strapi, { name: 'Léa Lien', email });
    const answers = await signInBurst(Array.from({ length: 3 * spaceRules.requestsPerContactPerHour }, () => email));
    // Every request gets the same answer, limited or not: the page never tells which.
    expect(new Set(answers.map((a) => `${a.status} ${a.location}`))).toEqual(new Set([`303 ${spacePaths.sent}?locale=fr`]));
    expect(messagesTo(email)).toHaveLength(spaceRules.requestsPerContactPerHour);
  });

  it(`a mobile gets at most ${spaceRules.codesPerMobilePerDay} codes a day`, async () => {
    const phone = newMemberPhone();
    await createMember(strapi, { name: 'Marie Mobile', phone });
    const contact = parseSpaceContact(phone)!;
    const hour = 3_600_000;
    const earlier = spaceRules.codesPerMobilePerDay - 2;
    // Earlier today, oldest first, two hours apart: two codes left for the day, fewer than the hour's limit.
    for (let i = 0; i < earlier; i++) await requestSignIn(strapi, contact, `adresse-plus-tot-${i}`, 'fr', Date.now() - 2 * (earlier - i) * hour);
    const codes = () => strapi.db.query(outboxUid).count({ where: { messageKind: 'space-sign-in', recipientHash: recipientHash('sms', e164(phone)) } });
    expect(await codes()).toBe(earlier);
    const answers = await signInBurst(Array.from({ length: 3 * spaceRules.requestsPerContactPerHour }, () => phone));
    expect(answers.every((a) => a.status === 303 && a.location?.startsWith(`${spacePaths.code}?ref=`))).toBe(true);
    expect(await codes()).toBe(spaceRules.codesPerMobilePerDay);
  });

  it(`one address gets at most ${spaceRules.requestsPerAddressPerHour} requests an hour answered, whatever the contacts`, async () => {
    const emails = Array.from({ length: 3 * spaceRules.requestsPerAddressPerHour }, (_, i) => newMemberEmail(`voisin-${i}`));
    for (const [i, email] of emails.entries()) await createMember(strapi, { name: `Voisin ${i}`, email });
    await signInBurst(emails, '10.251.0.1');
    expect(emails.filter((email) => messagesTo(email).length > 0)).toHaveLength(spaceRules.requestsPerAddressPerHour);
  });
});
