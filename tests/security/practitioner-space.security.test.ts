import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalisePhone, parseSpaceContact, spacePaths, spaceRules } from '@passerelle/shared/participation';
import { aValidDocument } from '@passerelle/shared/testing';
import { applyRetention } from '../../cms/src/participation/retention.ts';
import { deletePersonData, exportPersonData } from '../../cms/src/participation/person-data.ts';
import { outboxUid, recipientHash } from '../../cms/src/participation/messages/send.ts';
import { requestSignIn } from '../../cms/src/participation/space/sign-in.ts';
import { lastMessageTo, outboxMessages, useTestOutbox } from '../support/participation.ts';
import { api, graphql, startStrapi, type StartedStrapi, type Strapi } from '../support/strapi.ts';
import {
  createMember,
  hiddenFields,
  masked,
  newMemberEmail,
  newMemberPhone,
  practitionerUid,
  refOf,
  roundTableUid,
  sessionUid,
  signInUid,
  SpaceBrowser,
} from '../support/space.ts';

/**
 * The practitioners' space, attacked: nobody learns who is a member, codes and links cannot be
 * guessed, reused or forged, sessions end when they should, forms need their CSRF token, and the
 * members' data is never readable through the public API.
 */
const outbox = useTestOutbox();
let app: StartedStrapi;
let strapi: Strapi;

const e164 = (phone: string) => normalisePhone(phone)!;
const codeIn = (to: string) => /\b(\d{6})\b/.exec(lastMessageTo(outbox, to)?.text ?? '')?.[1];
const linkIn = (to: string) => /https?:\/\/\S+\/participer\/espace\/lien\?\S+/.exec(lastMessageTo(outbox, to)?.text ?? '')?.[0];
const pathOf = (url: string) => {
  const u = new URL(url);
  return u.pathname + u.search;
};

/** A browser signed in as a fresh member, by text code. */
async function signedIn(phone = newMemberPhone(), name = 'Membre Test'): Promise<{ browser: SpaceBrowser; member: { documentId: string }; phone: string }> {
  const member = await createMember(strapi, { name, phone });
  const browser = new SpaceBrowser(app.baseUrl);
  const asked = await browser.requestSignIn(phone);
  const ref = refOf(asked.location);
  const code = codeIn(e164(phone));
  expect(code).toMatch(/^\d{6}$/);
  const done = await browser.submit(asked.location!, spacePaths.code, { code: code! });
  expect(done.status).toBe(303);
  expect(done.location).toBe(`${spacePaths.home}?locale=fr`);
  void ref;
  return { browser, member, phone };
}

beforeAll(async () => {
  app = await startStrapi();
  strapi = app.strapi;
});

afterAll(async () => {
  await app?.stop();
});

describe('nobody learns who is a member', () => {
  it('an email answers the same for a member and a stranger, and only the member gets a link', async () => {
    const memberEmail = newMemberEmail();
    await createMember(strapi, { name: 'Alice Membre', email: memberEmail });
    const strangerEmail = newMemberEmail('inconnu');
    const member = await new SpaceBrowser(app.baseUrl).requestSignIn(memberEmail);
    const stranger = await new SpaceBrowser(app.baseUrl).requestSignIn(strangerEmail);
    expect(member.status).toBe(303);
    expect({ status: stranger.status, location: stranger.location, text: stranger.text }).toEqual({ status: member.status, location: member.location, text: member.text });
    const landing = await new SpaceBrowser(app.baseUrl).get(member.location!);
    expect(landing.status).toBe(200);
    expect(landing.text).not.toContain(memberEmail);
    expect(linkIn(memberEmail)).toBeTruthy();
    expect(lastMessageTo(outbox, strangerEmail)).toBeUndefined();
  });

  it('a mobile answers the same code page, and the same answers to wrong codes, for a member and a stranger', async () => {
    const memberPhone = newMemberPhone();
    await createMember(strapi, { name: 'Bob Membre', phone: memberPhone });
    const strangerPhone = newMemberPhone();
    const answers = async (phone: string) => {
      const browser = new SpaceBrowser(app.baseUrl);
      const asked = await browser.requestSignIn(phone);
      expect(asked.status).toBe(303);
      const ref = refOf(asked.location);
      const page = await browser.get(asked.location!);
      const out = [{ status: page.status, text: masked(page.text, [ref]) }];
      const right = codeIn(e164(phone));
      const wrong = right === '000000' ? '111111' : '000000';
      for (let i = 0; i < spaceRules.codeTries + 1; i++) {
        const answer = await browser.post(spacePaths.code, { ...hiddenFields(page.text, spacePaths.code), code: wrong });
        out.push({ status: answer.status, text: masked(answer.text, [ref]) });
      }
      return { location: asked.location!.replace(ref, '<ref>'), out };
    };
    const member = await answers(memberPhone);
    const stranger = await answers(strangerPhone);
    expect(member.out.map((a) => a.status)).toEqual([200, 422, 422, 422, 422, 429, 429]);
    expect(stranger).toEqual(member);
    expect(lastMessageTo(outbox, e164(strangerPhone))).toBeUndefined();
  });

  it('an inactive member is a stranger: same answer, nothing sent', async () => {
    const email = newMemberEmail('inactif');
    await createMember(strapi, { name: 'Ancien Membre', email, active: false });
    const answer = await new SpaceBrowser(app.baseUrl).requestSignIn(email);
    expect(answer.location).toBe(`${spacePaths.sent}?locale=fr`);
    expect(lastMessageTo(outbox, email)).toBeUndefined();
  });

  it('past the per-contact limit, a member gets the same answer and nothing more is sent', async () => {
    const email = newMemberEmail('limite');
    await createMember(strapi, { name: 'Membre Pressé', email });
    const answers = [];
    for (let i = 0; i < spaceRules.requestsPerContactPerHour + 2; i++) answers.push(await new SpaceBrowser(app.baseUrl).requestSignIn(email));
    expect(new Set(answers.map((a) => `${a.status} ${a.location} ${a.text}`)).size).toBe(1);
    expect(outboxMessages(outbox).filter((m) => m.to === email)).toHaveLength(spaceRules.requestsPerContactPerHour);
  });

  it('a mobile gets at most a day’s codes, whoever asks and however the hours are spread: no flood of texts, few codes to guess', async () => {
    const phone = newMemberPhone();
    await createMember(strapi, { name: 'Membre Visé', phone });
    const contact = parseSpaceContact(phone)!;
    const hour = 3_600_000;
    const now = Date.now();
    // Earlier today, each hour within its own limit, from many addresses.
    for (let i = 0; i < spaceRules.codesPerMobilePerDay; i++) {
      await requestSignIn(strapi, contact, `adresse-${i}`, 'fr', now - (20 - 3 * i) * hour);
    }
    // Counted in the outbox itself (sent or not yet): the texts we would send to that number.
    const codesQueued = () => strapi.db.query(outboxUid).count({ where: { messageKind: 'space-sign-in', recipientHash: recipientHash('sms', e164(phone)) } });
    expect(await codesQueued()).toBe(spaceRules.codesPerMobilePerDay);
    const answer = await new SpaceBrowser(app.baseUrl, { ip: '10.250.0.9' }).requestSignIn(phone);
    expect(answer.status).toBe(303);
    expect(answer.location?.startsWith(`${spacePaths.code}?ref=`)).toBe(true);
    expect(await codesQueued()).toBe(spaceRules.codesPerMobilePerDay);
    // Later, once the oldest have aged out of the last 24 hours (the refused request counts too), one more is sent.
    await requestSignIn(strapi, contact, 'adresse-plus-tard', 'fr', now + 8 * hour);
    expect(await codesQueued()).toBe(spaceRules.codesPerMobilePerDay + 1);
  });

  it('past the per-address limit, nothing more is sent from that address', async () => {
    const ip = '10.250.0.1';
    for (let i = 0; i < spaceRules.requestsPerAddressPerHour; i++) await new SpaceBrowser(app.baseUrl, { ip }).requestSignIn(newMemberEmail('adresse'));
    const email = newMemberEmail('apres');
    await createMember(strapi, { name: 'Membre Voisin', email });
    const answer = await new SpaceBrowser(app.baseUrl, { ip }).requestSignIn(email);
    expect(answer.location).toBe(`${spacePaths.sent}?locale=fr`);
    expect(lastMessageTo(outbox, email)).toBeUndefined();
  });
});

describe('codes and links', () => {
  it('the right code after the tries are spent does not sign in', async () => {
    const phone = newMemberPhone();
    await createMember(strapi, { name: 'Carole Membre', phone });
    const browser = new SpaceBrowser(app.baseUrl);
    const asked = await browser.requestSignIn(phone);
    const right = codeIn(e164(phone))!;
    const wrong = right === '000000' ? '111111' : '000000';
    const page = await browser.get(asked.location!);
    for (let i = 0; i < spaceRules.codeTries; i++) await browser.post(spacePaths.code, { ...hiddenFields(page.text, spacePaths.code), code: wrong });
    const late = await browser.post(spacePaths.code, { ...hiddenFields(page.text, spacePaths.code), code: right });
    expect(late.status).toBe(429);
    expect(late.setCookie.join()).not.toContain('passerelle-espace=');
    expect((await browser.get(spacePaths.home)).status).toBe(303);
  });

  it('a code works once, and not after 15 minutes', async () => {
    const phone = newMemberPhone();
    await createMember(strapi, { name: 'Denis Membre', phone });
    const browser = new SpaceBrowser(app.baseUrl);
    const asked = await browser.requestSignIn(phone);
    const code = codeIn(e164(phone))!;
    const page = await browser.get(asked.location!);
    expect((await browser.post(spacePaths.code, { ...hiddenFields(page.text, spacePaths.code), code })).status).toBe(303);
    const again = await new SpaceBrowser(app.baseUrl).submit(asked.location!, spacePaths.code, { code });
    expect(again.status).toBe(422);
    expect(again.setCookie.join()).not.toContain('passerelle-espace=');

    const other = new SpaceBrowser(app.baseUrl);
    const second = await other.requestSignIn(phone);
    await strapi.db.query(signInUid).updateMany({ where: { channel: 'sms' }, data: { expiresAtMs: Date.now() - 1 } });
    const expired = await other.submit(second.location!, spacePaths.code, { code: codeIn(e164(phone))! });
    expect(expired.status).toBe(422);
    expect((await other.get(spacePaths.home)).status).toBe(303);
  });

  it('a link shows a button (a GET signs nobody in), works once, and refuses forged or expired tokens', async () => {
    const email = newMemberEmail('lien');
    await createMember(strapi, { name: 'Élise Membre', email });
    await new SpaceBrowser(app.baseUrl).requestSignIn(email);
    const link = pathOf(linkIn(email)!);
    const scanner = new SpaceBrowser(app.baseUrl);
    const scanned = await scanner.get(link);
    expect(scanned.status).toBe(200);
    expect(scanned.setCookie.join()).not.toContain('passerelle-espace=');
    expect((await scanner.get(link)).status).toBe(200);

    const browser = new SpaceBrowser(app.baseUrl);
    const used = await browser.submit(link, spacePaths.link);
    expect(used.status).toBe(303);
    expect((await browser.get(spacePaths.home)).status).toBe(200);
    // Reused: the GET and a replayed POST both refuse it.
    expect((await new SpaceBrowser(app.baseUrl).get(link)).status).toBe(404);
    const replay = new SpaceBrowser(app.baseUrl);
    const form = await replay.get(spacePaths.signIn);
    const token = new URL(link, 'http://x').searchParams.get('jeton')!;
    const replayed = await replay.post(spacePaths.link, { ...hiddenFields(form.text, spacePaths.signIn), jeton: token });
    expect(replayed.status).toBe(404);
    expect(replayed.setCookie.join()).not.toContain('passerelle-espace=');

    for (const forged of ['x', token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'), 'A'.repeat(43), `${token}A`]) {
      expect((await new SpaceBrowser(app.baseUrl).get(`${spacePaths.link}?jeton=${encodeURIComponent(forged)}`)).status).toBe(404);
    }

    await new SpaceBrowser(app.baseUrl).requestSignIn(email);
    const late = pathOf(linkIn(email)!);
    await strapi.db.query(signInUid).updateMany({ where: { channel: 'email' }, data: { expiresAtMs: Date.now() - 1 } });
    expect((await new SpaceBrowser(app.baseUrl).get(late)).status).toBe(404);
  });
});

describe('sessions', () => {
  it('the session cookie is HttpOnly, SameSite=Lax, Path=/; Secure and __Host- over TLS; the database keeps only a hash', async () => {
    const { browser } = await signedIn();
    const token = browser.cookies.get('passerelle-espace')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = (await strapi.db.query(sessionUid).findMany({})) as Array<Record<string, unknown>>;
    expect(JSON.stringify(rows)).not.toContain(token);

    const phone = newMemberPhone();
    await createMember(strapi, { name: 'Membre TLS', phone });
    const tls = new SpaceBrowser(app.baseUrl, { tls: true });
    const asked = await tls.requestSignIn(phone);
    const done = await tls.submit(asked.location!, spacePaths.code, { code: codeIn(e164(phone))! });
    expect(done.status).toBe(303);
    const cookie = done.setCookie.find((c) => c.startsWith('__Host-passerelle-espace='))!;
    expect(cookie).toBeTruthy();
    for (const flag of ['HttpOnly', 'SameSite=Lax', 'Path=/', 'Secure']) expect(cookie.split('; ')).toContain(flag);
    expect(cookie).not.toMatch(/Domain=/i);
    expect((await tls.get(spacePaths.home)).status).toBe(200);
    // Over TLS, a cookie without the prefix (one a sibling host could plant) is not read.
    const planted = new SpaceBrowser(app.baseUrl, { tls: true });
    planted.cookies.set('passerelle-espace', tls.cookies.get('__Host-passerelle-espace')!);
    expect((await planted.get(spacePaths.home)).status).toBe(303);

    // Over plain HTTP: no Secure (the browser would drop it), no __Host- prefix.
    const plain = await signedIn();
    expect([...plain.browser.cookies.keys()]).toContain('passerelle-espace');
  });

  it('sign out ends the session; the old cookie is refused', async () => {
    const { browser } = await signedIn();
    const cookie = browser.cookies.get('passerelle-espace')!;
    const home = await browser.get(spacePaths.home);
    const out = await browser.post(spacePaths.signOut, hiddenFields(home.text, spacePaths.signOut));
    expect(out.status).toBe(200);
    const thief = new SpaceBrowser(app.baseUrl);
    thief.cookies.set('passerelle-espace', cookie);
    expect((await thief.get(spacePaths.home)).status).toBe(303);
  });

  it('signing in again in the same browser ends the session it had: its old token is refused', async () => {
    const phone = newMemberPhone();
    const { browser } = await signedIn(phone);
    const old = browser.cookies.get('passerelle-espace')!;
    const asked = await browser.requestSignIn(phone);
    expect((await browser.submit(asked.location!, spacePaths.code, { code: codeIn(e164(phone))! })).status).toBe(303);
    expect(browser.cookies.get('passerelle-espace')).not.toBe(old);
    expect((await browser.get(spacePaths.home)).status).toBe(200);
    const replay = new SpaceBrowser(app.baseUrl);
    replay.cookies.set('passerelle-espace', old);
    expect((await replay.get(spacePaths.home)).status).toBe(303);
  });

  it('sign out everywhere ends every session of that member, not other members’', async () => {
    const phone = newMemberPhone();
    const first = await signedIn(phone, 'Fanny Membre');
    const second = new SpaceBrowser(app.baseUrl);
    const asked = await second.requestSignIn(phone);
    expect((await second.submit(asked.location!, spacePaths.code, { code: codeIn(e164(phone))! })).status).toBe(303);
    const someoneElse = await signedIn();
    const home = await first.browser.get(spacePaths.home);
    expect((await first.browser.post(spacePaths.signOutEverywhere, hiddenFields(home.text, spacePaths.signOutEverywhere))).status).toBe(200);
    expect((await second.get(spacePaths.home)).status).toBe(303);
    expect((await first.browser.get(spacePaths.home)).status).toBe(303);
    expect((await someoneElse.browser.get(spacePaths.home)).status).toBe(200);
  });

  it('an idle session, a session past its maximum age, and a member made inactive are refused', async () => {
    const idle = await signedIn();
    await strapi.db.query(sessionUid).updateMany({ where: { practitionerDocumentId: idle.member.documentId }, data: { lastSeenAtMs: Date.now() - spaceRules.idleHours * 3_600_000 - 1000 } });
    expect((await idle.browser.get(spacePaths.home)).status).toBe(303);
    expect(await strapi.db.query(sessionUid).count({ where: { practitionerDocumentId: idle.member.documentId } })).toBe(0);

    const old = await signedIn();
    await strapi.db.query(sessionUid).updateMany({ where: { practitionerDocumentId: old.member.documentId }, data: { createdAtMs: Date.now() - spaceRules.maxDays * 86_400_000 - 1000 } });
    expect((await old.browser.get(spacePaths.home)).status).toBe(303);

    const removed = await signedIn();
    expect((await removed.browser.get(spacePaths.home)).status).toBe(200);
    await strapi.documents(practitionerUid).update({ documentId: removed.member.documentId, data: { active: false } });
    expect((await removed.browser.get(spacePaths.home)).status).toBe(303);
  });
});

describe('CSRF', () => {
  it('a sign-in request without the token, or with a wrong one, is refused (403) and nothing is sent or stored', async () => {
    const email = newMemberEmail('csrf');
    await createMember(strapi, { name: 'Gilles Membre', email });
    const before = await strapi.db.query(signInUid).count({});
    const browser = new SpaceBrowser(app.baseUrl);
    await browser.get(spacePaths.signIn);
    const missing = await browser.post(spacePaths.signIn, { contact: email, locale: 'fr' });
    const wrong = await browser.post(spacePaths.signIn, { contact: email, locale: 'fr', csrf: 'a'.repeat(64) });
    // A token from another browser does not fit this one's cookie.
    const other = await new SpaceBrowser(app.baseUrl).get(spacePaths.signIn);
    const stolen = await browser.post(spacePaths.signIn, { ...hiddenFields(other.text, spacePaths.signIn), contact: email });
    const noCookie = await new SpaceBrowser(app.baseUrl).post(spacePaths.signIn, { ...hiddenFields(other.text, spacePaths.signIn), contact: email });
    for (const answer of [missing, wrong, stolen, noCookie]) expect(answer.status).toBe(403);
    expect(await strapi.db.query(signInUid).count({})).toBe(before);
    expect(lastMessageTo(outbox, email)).toBeUndefined();
  });

  it('the link button and the code form need the token too; the link still works afterwards', async () => {
    const email = newMemberEmail('csrf-lien');
    await createMember(strapi, { name: 'Hélène Membre', email });
    await new SpaceBrowser(app.baseUrl).requestSignIn(email);
    const link = pathOf(linkIn(email)!);
    const browser = new SpaceBrowser(app.baseUrl);
    const page = await browser.get(link);
    const { csrf: _csrf, ...withoutToken } = hiddenFields(page.text, spacePaths.link);
    const refused = await browser.post(spacePaths.link, withoutToken);
    expect(refused.status).toBe(403);
    expect(refused.setCookie.join()).not.toContain('passerelle-espace=');
    expect((await browser.post(spacePaths.link, hiddenFields(page.text, spacePaths.link))).status).toBe(303);

    const phone = newMemberPhone();
    await createMember(strapi, { name: 'Ivan Membre', phone });
    const coder = new SpaceBrowser(app.baseUrl);
    const asked = await coder.requestSignIn(phone);
    const codePage = await coder.get(asked.location!);
    const noToken = await coder.post(spacePaths.code, { ref: refOf(asked.location), code: codeIn(e164(phone))!, locale: 'fr' });
    expect(noToken.status).toBe(403);
    // Refused before the code was looked at: no try spent, the code still works.
    expect((await coder.post(spacePaths.code, { ...hiddenFields(codePage.text, spacePaths.code), code: codeIn(e164(phone))! })).status).toBe(303);
  });

  it('sign out and sign out everywhere without the session’s token: 403, the session lives on', async () => {
    const { browser } = await signedIn();
    const login = await new SpaceBrowser(app.baseUrl).get(spacePaths.signIn);
    for (const path of [spacePaths.signOut, spacePaths.signOutEverywhere]) {
      expect((await browser.post(path, { locale: 'fr' })).status).toBe(403);
      expect((await browser.post(path, { locale: 'fr', csrf: 'b'.repeat(64) })).status).toBe(403);
      // A sign-in form's token is not a session's.
      expect((await browser.post(path, hiddenFields(login.text, spacePaths.signIn))).status).toBe(403);
    }
    expect((await browser.get(spacePaths.home)).status).toBe(200);
  });

  it('a post from another site is refused before anything', async () => {
    const response = await fetch(app.baseUrl + spacePaths.signIn, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'contact=x%40y.ca&locale=fr',
    });
    expect(response.status).toBe(403);
  });
});

describe('the home page', () => {
  it('lists the member’s round tables with members’ names and organizations, never their contacts, in French and English', async () => {
    const organizations = strapi.documents('api::organization.organization');
    const organization = await organizations.create({ locale: 'fr', data: aValidDocument('api::organization.organization', 'Groupe du Quartier') });
    await organizations.publish({ documentId: organization.documentId, locale: 'fr' });
    const colleagueEmail = newMemberEmail('collegue');
    const colleaguePhone = newMemberPhone();
    const colleague = await createMember(strapi, { name: 'Jeanne Collègue', email: colleagueEmail, phone: colleaguePhone, spaceRole: 'coordination' });
    const gone = await createMember(strapi, { name: 'Karim Parti', active: false, email: newMemberEmail('parti') });
    const me = await signedIn(newMemberPhone(), 'Louise Moi');
    const neighbourhoods = strapi.documents('api::neighbourhood.neighbourhood');
    const place = await neighbourhoods.create({ locale: 'fr', data: aValidDocument('api::neighbourhood.neighbourhood', 'Quartier de la table') });
    await neighbourhoods.publish({ documentId: place.documentId, locale: 'fr' });
    await strapi.documents(roundTableUid).create({ data: { name: 'Table de Villeray', neighbourhoods: [place.documentId], members: [me.member.documentId, colleague.documentId, gone.documentId] } });
    await strapi.documents(roundTableUid).create({ data: { name: 'Table d’ailleurs', members: [colleague.documentId] } });
    await strapi.documents(practitionerUid).update({ documentId: colleague.documentId, data: { organization: organization.documentId } });

    const fr = await me.browser.get(spacePaths.home);
    expect(fr.status).toBe(200);
    expect(fr.text).toContain('Table de Villeray');
    expect(fr.text).toMatch(/Jeanne Collègue \([^)]*Groupe du Quartier/);
    expect(fr.text).toMatch(/Quartiers\u00a0: [^<]*Quartier de la table/);
    expect(fr.text).not.toContain('Karim Parti');
    expect(fr.text).not.toContain('Table d’ailleurs');
    expect(fr.text).not.toContain(colleagueEmail);
    expect(fr.text).not.toContain(e164(colleaguePhone));
    expect(fr.text).not.toContain(colleaguePhone);
    expect(fr.text).toContain('<html lang="fr-CA"');
    const en = await me.browser.get(`${spacePaths.home}?locale=en`);
    expect(en.text).toContain('Your round tables');
    expect(en.text).toContain('<html lang="en-CA"');
  });

  it('anyone else is sent to the sign-in page; every page is no-store under a strict CSP', async () => {
    const anonymous = await new SpaceBrowser(app.baseUrl).get(spacePaths.home);
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toBe(spacePaths.signIn);
    const page = await fetch(app.baseUrl + spacePaths.signIn);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('the space typed without its last slash leads to it, with its language, and only ever within the site', async () => {
    const bare = await fetch(`${app.baseUrl}${spacePaths.home.replace(/\/$/, '')}?locale=en`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe(`${spacePaths.home}?locale=en`);
    for (const path of ['/participer//evil.example', '/participer/espace/connexion/envoyee/x', '/participer/nulle-part']) {
      const response = await fetch(app.baseUrl + path, { redirect: 'manual' });
      expect(response.status, path).toBe(404);
    }
  });
});

describe('members’ data is not public', () => {
  const uids = [practitionerUid, roundTableUid, sessionUid, signInUid];

  it('has no REST route', async () => {
    for (const plural of ['practitioners', 'round-tables', 'practitioner-sessions', 'practitioner-sign-ins']) {
      for (const path of [`/api/${plural}`, `/api/${plural}/1`, `/api/${plural}?populate=*`]) expect((await api(app.baseUrl, path)).status).toBe(404);
    }
    for (const path of ['/api/organizations?populate=*', '/api/neighbourhoods?populate=*', '/api/organizations?filters[practitioners][email][$startsWith]=a']) {
      const { status, body } = await api(app.baseUrl, path);
      expect(status).toBeLessThan(500);
      expect(JSON.stringify(body ?? '')).not.toMatch(/groupe\.exemple\.ca|Membre|tokenHash/);
    }
  });

  it('has no GraphQL type', async () => {
    for (const query of ['{ practitioners { name email } }', '{ roundTables { name } }', '{ practitionerSessions { tokenHash } }', 'mutation { createPractitioner(data: { name: "x" }) { documentId } }']) {
      const { status, errors } = await graphql(app.baseUrl, query);
      expect(status).toBeLessThan(500);
      expect(errors?.length ?? 0).toBeGreaterThan(0);
    }
    const { data } = await graphql(app.baseUrl, '{ __schema { types { name } } }');
    expect(data.__schema.types.map((t: { name: string }) => t.name).filter((n: string) => /practitioner|roundtable/i.test(n))).toEqual([]);
  });

  it('marks every attribute private, and no Public permission names them', async () => {
    for (const uid of uids) {
      const attributes = strapi.contentType(uid).attributes as Record<string, { private?: boolean }>;
      const own = Object.entries(attributes).filter(([name]) => !['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'].includes(name));
      for (const [name, attribute] of own) expect({ uid, name, private: attribute.private }).toEqual({ uid, name, private: true });
    }
    const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
    const permissions = await strapi.db.query('plugin::users-permissions.permission').findMany({ where: { role: role.id } });
    for (const p of permissions) expect(p.action).not.toMatch(/^api::practitioners\./);
  });

  it('in the admin, OCs manage members and tables; the community group role gets nothing of them', async () => {
    const rows = (await strapi.db.query('admin::permission').findMany({ where: { subject: { $in: uids } }, populate: { role: { select: ['code'] } } })) as Array<{ subject: string; action: string; role: { code: string } | null }>;
    const byRole = (code: string) => rows.filter((r) => r.role?.code === code).map((r) => `${r.subject} ${r.action.split('.').pop()}`).sort();
    expect(byRole('passerelle-community-organizer')).toEqual(
      [practitionerUid, roundTableUid].flatMap((s) => ['create', 'delete', 'read', 'update'].map((v) => `${s} ${v}`)).sort(),
    );
    expect(byRole('passerelle-community-group')).toEqual([]);
    expect(rows.filter((r) => r.role && !['strapi-super-admin', 'passerelle-community-organizer'].includes(r.role.code))).toEqual([]);
  });
});

describe('junk and Law 25', () => {
  it('never answers junk with a 5xx, with or without a valid token', async () => {
    const nasty = ['', ' ', 'x', '<script>alert(1)</script>', '\u0000', 'é'.repeat(400), 'a'.repeat(5000), '=1+1', '514-555-0199', '+44 20 7946 0958', 'x@y', 'nom@exemple.ca', '123456', '1'.repeat(6), 'A'.repeat(32), 'A'.repeat(43), '__proto__'];
    const posts = [spacePaths.signIn, spacePaths.code, spacePaths.link, spacePaths.signOut, spacePaths.signOutEverywhere];
    const gets = [spacePaths.home, spacePaths.signIn, spacePaths.sent, spacePaths.code, spacePaths.link];
    const browser = new SpaceBrowser(app.baseUrl);
    const token = hiddenFields((await browser.get(spacePaths.signIn)).text, spacePaths.signIn).csrf!;
    for (const value of nasty) {
      for (const path of posts) {
        for (const csrf of [token, value]) {
          const answer = await browser.post(path, { contact: value, code: value, ref: value, jeton: value, locale: value, csrf });
          expect(answer.status, `${path} ${JSON.stringify(value).slice(0, 20)}`).toBeLessThan(500);
        }
      }
      for (const path of gets) {
        const answer = await browser.get(`${path}?ref=${encodeURIComponent(value)}&jeton=${encodeURIComponent(value)}&locale=${encodeURIComponent(value)}`);
        expect(answer.status, `GET ${path}`).toBeLessThan(500);
      }
    }
  });

  it('the retention job erases sessions past their limits and sign-in requests over a day old', async () => {
    const idle = await signedIn();
    const fresh = await signedIn();
    await strapi.db.query(sessionUid).updateMany({ where: { practitionerDocumentId: idle.member.documentId }, data: { lastSeenAtMs: Date.now() - spaceRules.idleHours * 3_600_000 - 1000 } });
    await strapi.db.query(signInUid).updateMany({ where: {}, data: { submittedAtMs: Date.now() - 25 * 3_600_000 } });
    const report = await applyRetention(strapi);
    expect(report.spaceSessionsErased).toBeGreaterThanOrEqual(1);
    expect(report.spaceSignInsErased).toBeGreaterThanOrEqual(1);
    expect(await strapi.db.query(sessionUid).count({ where: { practitionerDocumentId: idle.member.documentId } })).toBe(0);
    expect(await strapi.db.query(signInUid).count({})).toBe(0);
    expect((await fresh.browser.get(spacePaths.home)).status).toBe(200);
  });

  it('a member’s export has their record; their erasure removes it with their sessions and sign-in requests', async () => {
    const phone = newMemberPhone();
    const { browser, member } = await signedIn(phone, 'Nadia Effacée');
    await new SpaceBrowser(app.baseUrl).requestSignIn(phone);
    const exported = await exportPersonData(strapi, phone);
    expect(exported.records.filter((r) => r.kind === 'practitioner').map((r) => r.name)).toEqual(['Nadia Effacée']);
    expect(exported.json).not.toMatch(/tokenHash|secretHash/);
    const counts = await deletePersonData(strapi, phone);
    expect(counts.practitioner).toBe(1);
    expect(await strapi.db.query(practitionerUid).count({ where: { documentId: member.documentId } })).toBe(0);
    expect(await strapi.db.query(sessionUid).count({ where: { practitionerDocumentId: member.documentId } })).toBe(0);
    expect(await strapi.db.query(signInUid).count({ where: { practitionerDocumentId: member.documentId } })).toBe(0);
    expect((await browser.get(spacePaths.home)).status).toBe(303);
  });

  it('stores a member’s contacts in one spelling, and refuses what is neither an email nor a mobile', async () => {
    const member = await createMember(strapi, { name: 'Orel Orthographe', email: '  Orel.Ortho@Groupe.Exemple.CA ', phone: '(514) 555-0142' });
    const row = await strapi.db.query(practitionerUid).findOne({ where: { documentId: member.documentId } });
    expect({ email: row.email, phone: row.phone }).toEqual({ email: 'orel.ortho@groupe.exemple.ca', phone: '+15145550142' });
    await expect(createMember(strapi, { name: 'Sans Moyen' })).rejects.toThrow(/courriel ou un cellulaire/);
    await expect(createMember(strapi, { name: 'Mauvais Numéro', phone: '123' })).rejects.toThrow(/cellulaire/);
  });
});
