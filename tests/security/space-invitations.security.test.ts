import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePhone, spaceInvitePath, spacePaths, spaceTablePath } from '@passerelle/shared/participation';
import { applyRetention } from '../../cms/src/participation/retention.ts';
import { deletePersonData, exportPersonData } from '../../cms/src/participation/person-data.ts';
import { optOut } from '../../cms/src/participation/sms/opt-outs.ts';
import { outboxMessages, outboxSettled, useTestOutbox } from '../support/participation.ts';
import { createMember, createRoundTable, hiddenFields, masked, newMemberEmail, newMemberPhone, practitionerUid, roundTableUid, sessionUid, signInByCode, signInUid, SpaceBrowser } from '../support/space.ts';
import { startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';

/**
 * Invitations from a table's page, attacked: only the table's coordination and its OCs invite (a
 * plain member 403, an ex-member or another table's member 404, a stranger the sign-in page), never
 * without the session's CSRF token, an OC only by an OC; the answer is the same page for a new
 * person, a member of another table, an inactive member and a contact over its limit; 3 invitations
 * per contact and 20 per inviter a day; the link signs in once, only by its button, for 7 days;
 * retention, export and erasure know invitations; creating a member in the admin sends nothing.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;
const people = {} as Record<'coordinator' | 'oc' | 'member' | 'leaver' | 'other', { documentId: string; phone: string; browser: SpaceBrowser }>;
let tableA: string;

async function person(name: string, spaceRole = 'intervenant') {
  const phone = newMemberPhone();
  const { documentId } = await createMember(strapi, { name, phone, spaceRole });
  return { documentId, phone };
}

async function csrfOf(browser: SpaceBrowser): Promise<string> {
  return hiddenFields((await browser.get(spacePaths.home)).text, spacePaths.signOut).csrf!;
}

const messagesTo = (to: string) => outboxMessages(outbox).filter((m) => m.to === to);
const memberCount = () => strapi.db.query(practitionerUid).count({});
const tableMembers = async (tableId: string) =>
  ((await strapi.db.query(roundTableUid).findOne({ where: { documentId: tableId }, populate: { members: { select: ['documentId'] } } })) as { members: Array<{ documentId: string }> }).members.map((m) => m.documentId);

/** The coordination's invitation form, filled and posted. */
async function invite(browser: SpaceBrowser, fields: { name: string; contact: string; role?: string }) {
  const page = await browser.get(spaceInvitePath(tableA));
  expect(page.status).toBe(200);
  return browser.post(spaceInvitePath(tableA), { ...hiddenFields(page.text, spaceInvitePath(tableA)), role: 'intervenant', ...fields });
}

const linkIn = (text: string) => new URL(/(https?:\/\/\S+\/participer\/espace\/lien\?jeton=[A-Za-z0-9_-]{43}&locale=(?:fr|en))/.exec(text)![1]!);

beforeAll(async () => {
  app = await startStrapi({ env: { CRON_ENABLED: 'false' } });
  strapi = app.strapi;
  const coordinator = await person('Claudine Coordo');
  const oc = await person('Odile OC', 'oc');
  const member = await person('Mathieu Membre');
  const leaver = await person('Élise Partante');
  const other = await person('Xavier Ailleurs');
  tableA = await createRoundTable(strapi, { name: 'Table Centre-Sud', members: [coordinator.documentId, oc.documentId, member.documentId, leaver.documentId], coordinators: [coordinator.documentId] });
  await createRoundTable(strapi, { name: 'Table Hochelaga', members: [other.documentId] });
  for (const [key, p] of Object.entries({ coordinator, oc, member, leaver, other })) people[key as keyof typeof people] = { ...p, browser: await signInByCode(app.baseUrl, outbox, p.phone) };
  expect((await people.leaver.browser.post(`/participer/espace/tables/${tableA}/quitter`, { csrf: await csrfOf(people.leaver.browser), locale: 'fr' })).status).toBe(200);
});

afterAll(async () => {
  await app?.stop();
});

describe('who can invite', () => {
  it('a stranger is sent to sign in, an ex-member and another table’s member get 404, a plain member 403: nobody is made or added', async () => {
    const before = await memberCount();
    const fields = { name: 'Intrus', contact: newMemberEmail('intrus'), role: 'intervenant' };
    const stranger = new SpaceBrowser(app.baseUrl);
    expect((await stranger.get(spaceInvitePath(tableA))).location).toBe(spacePaths.signIn);
    expect((await stranger.post(spaceInvitePath(tableA), { csrf: 'a'.repeat(64), locale: 'fr', ...fields })).status).toBe(303);
    for (const who of [people.leaver, people.other]) {
      expect((await who.browser.get(spaceInvitePath(tableA))).status).toBe(404);
      expect((await who.browser.post(spaceInvitePath(tableA), { csrf: await csrfOf(who.browser), locale: 'fr', ...fields })).status).toBe(404);
    }
    const table = await people.member.browser.get(spaceTablePath(tableA));
    expect(table.text).not.toContain(spaceInvitePath(tableA));
    expect((await people.member.browser.get(spaceInvitePath(tableA))).status).toBe(403);
    const refused = await people.member.browser.post(spaceInvitePath(tableA), { csrf: await csrfOf(people.member.browser), locale: 'fr', ...fields });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Seules la coordination de la table et les OC');
    expect(await memberCount()).toBe(before);
    expect(messagesTo(fields.contact)).toEqual([]);
  });

  it('without the session’s CSRF token, or with another session’s, the coordination is refused (403) and nothing happens', async () => {
    const before = await memberCount();
    const othersToken = await csrfOf(people.member.browser);
    for (const csrf of [undefined, '', 'x', othersToken]) {
      const answer = await people.coordinator.browser.post(spaceInvitePath(tableA), { ...(csrf === undefined ? {} : { csrf }), locale: 'fr', name: 'Forgée', contact: newMemberEmail('forge') });
      expect(answer.status).toBe(403);
    }
    expect(await memberCount()).toBe(before);
  });

  it('only an OC invites an OC: the coordination gets the form back in French, with what was typed', async () => {
    const page = await people.coordinator.browser.get(spaceInvitePath(tableA));
    expect(page.text).not.toContain('value="oc"');
    const contact = newMemberEmail('promue');
    const answer = await invite(people.coordinator.browser, { name: 'Paula Promue', contact, role: 'oc' });
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('Seule une OC peut inviter une OC');
    expect(answer.text).toContain('value="Paula Promue"');
    expect(await strapi.db.query(practitionerUid).count({ where: { email: contact } })).toBe(0);
    const bad = await invite(people.coordinator.browser, { name: '', contact: 'pas un contact' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Écrivez le nom de la personne.');
    expect(bad.text).toContain('Entrez un courriel ou un numéro de cellulaire');

    expect((await people.oc.browser.get(spaceInvitePath(tableA))).text).toContain('value="oc"');
    expect((await invite(people.oc.browser, { name: 'Paula Promue', contact, role: 'oc' })).status).toBe(200);
    const made = await strapi.db.query(practitionerUid).findOne({ where: { email: contact } });
    expect(made.spaceRole).toBe('oc');
  });
});

describe('an invitation', () => {
  it('makes the member, emails one link that signs in once, only by its button, and seats them at the table when it is used', async () => {
    const email = newMemberEmail('nouvelle');
    const answer = await invite(people.coordinator.browser, { name: 'Nadia Nouvelle', contact: email });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('Invitation faite');
    const made = await strapi.db.query(practitionerUid).findOne({ where: { email } });
    expect({ name: made.name, spaceRole: made.spaceRole, active: made.active }).toEqual({ name: 'Nadia Nouvelle', spaceRole: 'intervenant', active: true });
    expect(await tableMembers(tableA)).not.toContain(made.documentId);
    const mail = messagesTo(email);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe('Invitation à l’espace intervenant·e·s : Table Centre-Sud');
    expect(mail[0]!.text).toContain('Claudine Coordo vous invite à la table Table Centre-Sud');
    expect(mail[0]!.text).not.toContain(normalisePhone(people.coordinator.phone)!);
    const link = linkIn(mail[0]!.text);

    const invitee = new SpaceBrowser(app.baseUrl);
    const button = await invitee.get(link.pathname + link.search);
    expect(button.status).toBe(200);
    expect((await invitee.get(spacePaths.home)).status).toBe(303);
    const signedIn = await invitee.post(spacePaths.link, hiddenFields(button.text, spacePaths.link));
    expect(signedIn.status).toBe(303);
    expect(await tableMembers(tableA)).toContain(made.documentId);
    expect((await invitee.get(spacePaths.home)).text).toContain('Table Centre-Sud');
    expect((await new SpaceBrowser(app.baseUrl).get(link.pathname + link.search)).status).toBe(404);
    expect((await new SpaceBrowser(app.baseUrl).post(spacePaths.link, { ...hiddenFields(button.text, spacePaths.link) })).status).toBe(403);
  });

  it('cannot be used twice, by email or by text: two presses racing sign in once, a replay with a valid token signs nobody in, and after leaving the table the link does not seat them again', async () => {
    const email = newMemberEmail('deux-fois');
    const phone = newMemberPhone();
    for (const [name, contact] of [['Denise Deuxfois', email], ['Rémi Rejoue', phone]] as const) {
      expect((await invite(people.coordinator.browser, { name, contact })).status).toBe(200);
    }
    const invitations = [
      { link: linkIn(messagesTo(email).at(-1)!.text), member: await strapi.db.query(practitionerUid).findOne({ where: { email } }) },
      { link: linkIn(messagesTo(normalisePhone(phone)!).at(-1)!.text), member: await strapi.db.query(practitionerUid).findOne({ where: { phone: normalisePhone(phone) } }) },
    ];
    for (const { link, member } of invitations) {
      const path = link.pathname + link.search;
      // Two devices open the link before either presses (a forwarded message, a phone and a laptop).
      const first = new SpaceBrowser(app.baseUrl);
      const second = new SpaceBrowser(app.baseUrl);
      const forms = [hiddenFields((await first.get(path)).text, spacePaths.link), hiddenFields((await second.get(path)).text, spacePaths.link)];
      const sessionsBefore = await strapi.db.query(sessionUid).count({ where: { practitionerDocumentId: member.documentId } });
      const pressed = await Promise.all([first.post(spacePaths.link, forms[0]!), second.post(spacePaths.link, forms[1]!)]);
      expect(pressed.map((answer) => answer.status).sort()).toEqual([303, 404]);
      const [winner, loser] = pressed[0].status === 303 ? [first, second] : [second, first];
      expect(pressed.find((answer) => answer.status === 404)!.setCookie.join()).not.toContain('passerelle-espace=');
      expect(await strapi.db.query(sessionUid).count({ where: { practitionerDocumentId: member.documentId } })).toBe(sessionsBefore + 1);
      expect((await loser.get(spacePaths.home)).status).toBe(303);
      expect(await tableMembers(tableA)).toContain(member.documentId);

      // The same browser presses again with its own, still valid, CSRF token: nothing more.
      const again = await winner.post(spacePaths.link, forms[0]!);
      expect(again.status).toBe(404);
      expect(await strapi.db.query(sessionUid).count({ where: { practitionerDocumentId: member.documentId } })).toBe(sessionsBefore + 1);

      // They leave the table; the old invitation, replayed with a fresh valid token, does not seat them again.
      const home = await winner.get(spacePaths.home);
      expect((await winner.post(`/participer/espace/tables/${tableA}/quitter`, { csrf: hiddenFields(home.text, spacePaths.signOut).csrf!, locale: 'fr' })).status).toBe(200);
      expect(await tableMembers(tableA)).not.toContain(member.documentId);
      const replay = new SpaceBrowser(app.baseUrl);
      const signInForm = await replay.get(spacePaths.signIn);
      const replayed = await replay.post(spacePaths.link, { ...hiddenFields(signInForm.text, spacePaths.signIn), jeton: link.searchParams.get('jeton')! });
      expect(replayed.status).toBe(404);
      expect(replayed.setCookie.join()).not.toContain('passerelle-espace=');
      expect(await tableMembers(tableA)).not.toContain(member.documentId);
    }
  });

  it('answers the same page whoever the contact is and shows nobody new on the table; re-uses a member of another table without changing them once they use the link; never re-activates or texts an inactive one', async () => {
    const inactivePhone = newMemberPhone();
    const inactive = await createMember(strapi, { name: 'Ines Inactive', phone: inactivePhone, active: false });
    const newPhone = newMemberPhone();
    const answers: string[] = [];
    for (const [name, contact] of [
      ['Nouveau Venu', newPhone],
      ['Nom Tapé Autrement', people.other.phone],
      ['Ines', inactivePhone],
    ] as const) {
      const answer = await invite(people.coordinator.browser, { name, contact, role: 'coordination' });
      expect(answer.status).toBe(200);
      answers.push(masked(answer.text, []));
    }
    expect(new Set(answers).size).toBe(1);
    // The inviter's view of the table is the same as before: neither the member elsewhere nor their stored name shows.
    const tablePage = (await people.coordinator.browser.get(spaceTablePath(tableA))).text;
    expect(tablePage).not.toContain('Xavier Ailleurs');
    expect(tablePage).not.toContain('Nouveau Venu');
    expect(await tableMembers(tableA)).not.toContain(people.other.documentId);
    const other = await strapi.db.query(practitionerUid).findOne({ where: { documentId: people.other.documentId } });
    expect({ name: other.name, spaceRole: other.spaceRole }).toEqual({ name: 'Xavier Ailleurs', spaceRole: 'intervenant' });
    const text = messagesTo(normalisePhone(people.other.phone)!).at(-1)!.text;
    expect(text).toMatch(/^Passerelle : Xavier Ailleurs, vous êtes invité·e à Table Centre-Sud/);
    const link = linkIn(text);
    const invitee = new SpaceBrowser(app.baseUrl);
    const button = await invitee.get(link.pathname + link.search);
    expect((await invitee.post(spacePaths.link, hiddenFields(button.text, spacePaths.link))).status).toBe(303);
    expect(await tableMembers(tableA)).toContain(people.other.documentId);
    expect((await people.coordinator.browser.get(spaceTablePath(tableA))).text).toContain('Xavier Ailleurs');
    expect((await strapi.db.query(practitionerUid).findOne({ where: { documentId: inactive.documentId } })).active).toBe(false);
    expect(await tableMembers(tableA)).not.toContain(inactive.documentId);
    expect(messagesTo(normalisePhone(inactivePhone)!)).toEqual([]);
    expect(messagesTo(normalisePhone(newPhone)!)).toHaveLength(1);
  });

  it('a contact gets at most 3 invitations a day whoever sends them; a number that texted ARRÊT gets none; the answers do not change', async () => {
    const phone = newMemberPhone();
    const answers = new Set<string>();
    for (let i = 0; i < 5; i += 1) answers.add(masked((await invite(i % 2 ? people.oc.browser : people.coordinator.browser, { name: 'Sam Sollicité', contact: phone })).text, []));
    expect(answers.size).toBe(1);
    expect(messagesTo(normalisePhone(phone)!)).toHaveLength(3);

    const stopped = newMemberPhone();
    await optOut(strapi, stopped);
    expect((await invite(people.coordinator.browser, { name: 'Arielle Arrêt', contact: stopped })).status).toBe(200);
    await outboxSettled();
    expect(messagesTo(normalisePhone(stopped)!)).toEqual([]);
  });

  it('an inviter sends at most 20 invitations a day; the 21st is refused in French and makes nobody', async () => {
    const ocB = await person('Olivier OC', 'oc');
    await strapi.documents(roundTableUid).update({ documentId: tableA, data: { members: { connect: [ocB.documentId] } } });
    const browser = await signInByCode(app.baseUrl, outbox, ocB.phone);
    const already = await strapi.db.query(signInUid).count({ where: { inviterDocumentId: ocB.documentId } });
    expect(already).toBe(0);
    for (let i = 0; i < 20; i += 1) expect((await invite(browser, { name: `Invitée ${i}`, contact: newMemberEmail(`lot${i}`) })).status).toBe(200);
    const contact = newMemberEmail('vingt-et-un');
    const refused = await invite(browser, { name: 'Une de trop', contact });
    expect(refused.status).toBe(429);
    expect(refused.text).toContain('Trop d’invitations aujourd’hui');
    expect(await strapi.db.query(practitionerUid).count({ where: { email: contact } })).toBe(0);
  });

  it('expires after 7 days: the link stops, retention erases it and keeps the live ones', async () => {
    const email = newMemberEmail('tardive');
    await invite(people.coordinator.browser, { name: 'Tara Tardive', contact: email });
    const link = linkIn(messagesTo(email)[0]!.text);
    const member = await strapi.db.query(practitionerUid).findOne({ where: { email } });
    const live = await strapi.db.query(signInUid).count({ where: { inviterDocumentId: { $notNull: true } } });
    await strapi.db.query(signInUid).updateMany({ where: { practitionerDocumentId: member.documentId }, data: { submittedAtMs: Date.now() - 8 * 86_400_000, expiresAtMs: Date.now() - 86_400_000 } });
    expect((await new SpaceBrowser(app.baseUrl).get(link.pathname + link.search)).status).toBe(404);
    await applyRetention(strapi);
    expect(await strapi.db.query(signInUid).count({ where: { practitionerDocumentId: member.documentId } })).toBe(0);
    expect(await strapi.db.query(signInUid).count({ where: { inviterDocumentId: { $notNull: true } } })).toBe(live - 1);
  });

  it('Law 25: the export lists the invitations received and counts those sent; erasing the inviter deletes the invitations they made', async () => {
    const email = newMemberEmail('exportee');
    await invite(people.oc.browser, { name: 'Eve Exportée', contact: email });
    const exported = await exportPersonData(strapi, email);
    const record = exported.records.find((r) => r.kind === 'practitioner')!;
    expect(record.invitationsReceived).toMatch(/^\d{4}-\d{2}-\d{2} Table Centre-Sud \(→ \d{4}-\d{2}-\d{2}\)$/);
    expect(exported.json).not.toMatch(/secretHash|contactHash/);
    const inviter = (await exportPersonData(strapi, people.oc.phone)).records.find((r) => r.kind === 'practitioner')!;
    expect(inviter.invitationsSent).toBeGreaterThanOrEqual(3);
    await deletePersonData(strapi, people.oc.phone);
    expect(await strapi.db.query(signInUid).count({ where: { inviterDocumentId: people.oc.documentId } })).toBe(0);
  });

  it('creating a member in the admin sends nothing', async () => {
    const email = newMemberEmail('admin');
    const phone = newMemberPhone();
    await createMember(strapi, { name: 'Créée par une OC', email, phone });
    await outboxSettled();
    expect(messagesTo(email)).toEqual([]);
    expect(messagesTo(normalisePhone(phone)!)).toEqual([]);
  });
});
