import { zonedDateTime } from '@passerelle/shared';
import { normalisePhone, spacePaths } from '@passerelle/shared/participation';
import { freshIp, lastMessageTo, outboxSettled } from './participation.ts';
import type { Strapi } from './strapi.ts';

/**
 * Helpers for the practitioners' space: a browser without JavaScript that keeps its cookies
 * (the session and the sign-in forms' cookie), members and round tables made in the database.
 */
export const practitionerUid = 'api::practitioners.practitioner';
export const roundTableUid = 'api::practitioners.round-table';
export const sessionUid = 'api::practitioners.practitioner-session';
export const signInUid = 'api::practitioners.practitioner-sign-in';

export interface SpaceAnswer {
  status: number;
  location: string | null;
  text: string;
  setCookie: string[];
}

/** One part of a hand-written multipart body: a field, or a file with the name and type the client claims. */
export type MultipartPart = { name: string; value: string } | { name: string; filename: string; type?: string; data: Buffer };

export class SpaceBrowser {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly baseUrl: string,
    readonly options: { ip?: string; tls?: boolean } = {},
  ) {}

  private headers(): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return {
      'x-forwarded-for': this.options.ip ?? freshIp(),
      ...(this.options.tls ? { 'x-forwarded-proto': 'https' } : {}),
      ...(cookie ? { cookie } : {}),
    };
  }

  private async keep(response: Response): Promise<SpaceAnswer> {
    const setCookie = response.headers.getSetCookie();
    for (const line of setCookie) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const [name, ...value] = pair!.split('=');
      if (attributes.some((a) => a.toLowerCase() === 'max-age=0')) this.cookies.delete(name!);
      else this.cookies.set(name!, value.join('='));
    }
    return { status: response.status, location: response.headers.get('location'), text: await response.text(), setCookie };
  }

  async get(path: string): Promise<SpaceAnswer> {
    return this.keep(await fetch(this.baseUrl + path, { redirect: 'manual', headers: this.headers() }));
  }

  async post(path: string, fields: Record<string, string>): Promise<SpaceAnswer> {
    const response = await fetch(this.baseUrl + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    const answer = await this.keep(response);
    await outboxSettled();
    return answer;
  }

  /**
   * Posts a multipart/form-data body written by hand, parts in the given order, so a test controls
   * what a browser would not: a file before the token, a raw file name, a declared length.
   */
  async postMultipart(path: string, parts: MultipartPart[], extraHeaders: Record<string, string> = {}): Promise<SpaceAnswer> {
    const boundary = `----passerelle${Math.random().toString(16).slice(2)}`;
    const chunks: Buffer[] = [];
    for (const part of parts) {
      const disposition = 'data' in part ? `form-data; name="${part.name}"; filename="${part.filename}"` : `form-data; name="${part.name}"`;
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${'data' in part ? `Content-Type: ${part.type ?? 'application/octet-stream'}\r\n` : ''}\r\n`, 'utf8'));
      chunks.push('data' in part ? part.data : Buffer.from(part.value, 'utf8'));
      chunks.push(Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from(`--${boundary}--\r\n`));
    const response = await fetch(this.baseUrl + path, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...this.headers(), 'content-type': `multipart/form-data; boundary=${boundary}`, ...extraHeaders },
      body: Buffer.concat(chunks),
    });
    const answer = await this.keep(response);
    await outboxSettled();
    return answer;
  }

  /** GETs a file: its status, headers and bytes. */
  async download(path: string): Promise<{ status: number; headers: Headers; bytes: Buffer; location: string | null }> {
    const response = await fetch(this.baseUrl + path, { redirect: 'manual', headers: this.headers() });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()), location: response.headers.get('location') };
  }

  /** GETs a page and posts its first form (the one with `action`), hidden fields kept, `fields` added. */
  async submit(pagePath: string, action: string, fields: Record<string, string> = {}): Promise<SpaceAnswer> {
    const page = await this.get(pagePath);
    if (page.status !== 200) throw new Error(`${pagePath} answered ${page.status}`);
    return this.post(action, { ...hiddenFields(page.text, action), ...fields });
  }

  /** The sign-in form, filled with one contact. */
  requestSignIn(contact: string, locale: 'fr' | 'en' = 'fr'): Promise<SpaceAnswer> {
    return this.submit(`${spacePaths.signIn}${locale === 'en' ? '?locale=en' : ''}`, spacePaths.signIn, { contact });
  }
}

/** The hidden fields of the form posting to `action` in `html`. */
export function hiddenFields(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const fields: Record<string, string> = {};
  for (const match of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[match[1]!] = match[2]!.replace(/&amp;/g, '&');
  return fields;
}

let counter = 0;
export const newMemberEmail = (label = 'membre') => `${label}.${process.pid}.${++counter}@groupe.exemple.ca`;
export const newMemberPhone = () => `514 7${String(process.pid % 100).padStart(2, '0')}-${String(1000 + (++counter % 9000)).padStart(4, '0')}`;

export async function createMember(strapi: Strapi, data: { name: string; email?: string | null; phone?: string | null; spaceRole?: string; active?: boolean; organization?: string }) {
  return (await strapi.documents(practitionerUid).create({ data: { spaceRole: 'intervenant', active: true, ...data } })) as { documentId: string; id: number };
}

/** Notices of every new post, at once, by email: what most space tests read from the outbox. */
export const noticesAtOnceByEmail = { noticeMode: 'immediate', noticeChannel: 'email' } as const;

/**
 * A member with a fresh email (labelled `emailLabel`) and mobile of their own, returned with them,
 * to sign in and to find their messages; `noticeMode`/`noticeChannel` are their notice preferences.
 */
export async function createReachableMember(
  strapi: Strapi,
  name: string,
  data: { spaceRole?: string; organization?: string; noticeMode?: string; noticeChannel?: string; emailLabel?: string } = {},
) {
  const { noticeMode, noticeChannel, emailLabel, ...member } = data;
  const phone = newMemberPhone();
  const email = newMemberEmail(emailLabel);
  const { documentId } = await createMember(strapi, { name, phone, email, ...member });
  const notices = { ...(noticeMode ? { noticeMode } : {}), ...(noticeChannel ? { noticeChannel } : {}) };
  if (Object.keys(notices).length > 0) await strapi.db.query(practitionerUid).update({ where: { documentId }, data: notices });
  return { documentId, phone, email };
}

/** The reference in a code page's address. */
export function refOf(location: string | null): string {
  const ref = new URL(location ?? '', 'http://x').searchParams.get('ref');
  if (!ref) throw new Error(`no ref in ${location}`);
  return ref;
}

/** `text` with every given secret replaced, so two answers can be compared whole. */
export function masked(text: string, secrets: string[]): string {
  return secrets.reduce((out, secret) => out.split(secret).join('<masked>'), text).replace(/name="csrf" value="[a-f0-9]{64}"/g, 'name="csrf" value="<csrf>"');
}

export const meetingUid = 'api::practitioners.meeting';
export const calendarTokenUid = 'api::practitioners.calendar-token';

/**
 * A browser signed in as an existing member by a text code read from the test outbox (the
 * development outbox file `useTestOutbox()` names).
 */
export async function signInByCode(baseUrl: string, outboxFile: string, phone: string): Promise<SpaceBrowser> {
  const browser = new SpaceBrowser(baseUrl);
  const asked = await browser.requestSignIn(phone);
  const e164 = normalisePhone(phone)!;
  const code = /\b(\d{6})\b/.exec(lastMessageTo(outboxFile, e164)?.text ?? '')?.[1];
  if (!code) throw new Error(`no code texted to ${e164}`);
  const done = await browser.submit(asked.location!, spacePaths.code, { code });
  if (done.status !== 303) throw new Error(`sign-in by code answered ${done.status}`);
  return browser;
}

/** A round table made in the database; `coordinators` must also be members. Returns its documentId. */
export async function createRoundTable(strapi: Strapi, data: { name: string; members: string[]; coordinators?: string[]; neighbourhoods?: string[] }): Promise<string> {
  return ((await strapi.documents(roundTableUid).create({ data })) as { documentId: string }).documentId;
}

/** A meeting of a table, `startsInDays` from today at 18:30 Québec time (negative: past), an hour and a half long. */
export async function createMeeting(strapi: Strapi, tableId: string, data: { title: string; startsInDays: number; agenda?: string; minutes?: string; decisions?: string; place?: string }): Promise<string> {
  // 18:30 in Québec, like most tables' evening meetings: a time of day that never runs past midnight,
  // whatever the hour the tests run at (messages and pages then say one day, not a range of two).
  const startsAt = zonedDateTime(new Date(), data.startsInDays, '18:30');
  const endsAt = new Date(startsAt.getTime() + 90 * 60_000);
  const { startsInDays: _days, ...rest } = data;
  void _days;
  const created = await strapi.documents(meetingUid).create({ data: { place: 'Centre communautaire, 123 rue Principale', ...rest, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), roundTable: tableId, sequence: 0 } });
  return (created as { documentId: string }).documentId;
}

/**
 * A browser signed in as an existing member by a text code read wherever the run's texts land
 * (`lastTextTo`: the fake Twilio's inbox when the CMS sends through it).
 */
export async function signInByTextCode(baseUrl: string, phone: string, lastTextTo: (e164: string) => string | undefined): Promise<SpaceBrowser> {
  const browser = new SpaceBrowser(baseUrl);
  const asked = await browser.requestSignIn(phone);
  const e164 = normalisePhone(phone)!;
  const code = /\b(\d{6})\b/.exec(lastTextTo(e164) ?? '')?.[1];
  if (!code) throw new Error(`no code texted to ${e164}`);
  const done = await browser.submit(asked.location!, spacePaths.code, { code });
  if (done.status !== 303) throw new Error(`sign-in by code answered ${done.status}`);
  return browser;
}

export const handRequestUid = 'api::practitioners.hand-request';
export const handReplyUid = 'api::practitioners.hand-reply';

/** An open request for a hand by `author` to `tables` (and `neighbourhoods`), made in the database (ageDays back, for digests and limits). */
export async function createHandRequest(strapi: Strapi, data: { author: string; tables: string[]; neighbourhoods?: string[]; title: string; details?: string; kind?: string; ageDays?: number }): Promise<string> {
  const createdAtMs = Date.now() - (data.ageDays ?? 0) * 86_400_000;
  const created = await strapi.documents(handRequestUid).create({
    data: { kind: data.kind ?? 'salle', title: data.title, details: data.details ?? 'Pour une trentaine de personnes, en après-midi.', author: data.author, roundTables: data.tables, neighbourhoods: data.neighbourhoods ?? [], requestStatus: 'open', createdAtMs },
  });
  return (created as { documentId: string }).documentId;
}

export const publicDraftUid = 'api::practitioners.public-draft';

/** A published neighbourhood (French and English) whose OCs are told of drafts to review. */
export async function createNeighbourhoodWithOcs(strapi: Strapi, data: { name: string; ocEmails?: string[] }): Promise<string> {
  const uid = 'api::neighbourhood.neighbourhood';
  const fields = { name: data.name, slug: `${data.name.toLowerCase().normalize('NFD').replace(/[^a-z]+/g, '-')}-${++counter}`, lat: 45.55, lng: -73.6, fsas: [], ocEmails: data.ocEmails ?? [] };
  const created = (await strapi.documents(uid).create({ locale: 'fr', data: fields })) as { documentId: string };
  await strapi.documents(uid).update({ documentId: created.documentId, locale: 'en', data: fields });
  await strapi.documents(uid).publish({ documentId: created.documentId, locale: '*' });
  return created.documentId;
}

export const diagnosticUid = 'api::practitioners.diagnostic';
export const diagnosticActionUid = 'api::practitioners.diagnostic-action';

/** A published neighbourhood (French and English) with a unique slug, for a round table's `neighbourhoods`. */
export async function createNeighbourhood(strapi: Strapi, name: string, slug = `${name.toLowerCase().normalize('NFD').replace(/[^a-z]+/g, '-')}-${++counter}-${process.pid}`): Promise<{ documentId: string; slug: string }> {
  const documents = strapi.documents('api::neighbourhood.neighbourhood');
  const data = { name, slug, territory: 'Cœur-de-l’Île', lat: 45.54, lng: -73.62, fsas: [] };
  const created = (await documents.create({ locale: 'fr', data })) as { documentId: string };
  await documents.update({ documentId: created.documentId, locale: 'en', data });
  await documents.publish({ documentId: created.documentId, locale: '*' });
  return { documentId: created.documentId, slug };
}

/** A neighbourhood's diagnostic with one action of its plan, made in the database (as an OC would in the admin). */
export async function createDiagnosticWithAction(strapi: Strapi, neighbourhood: string, action: { title: string; owner?: string; status?: string }): Promise<{ documentId: string; actionId: string }> {
  const diagnostic = (await strapi.documents(diagnosticUid).create({ data: { label: 'Diagnostic de test', neighbourhood, trustLevel: 'important', trustNote: 'Note secrète du quartier' } })) as { documentId: string };
  const created = (await strapi.documents(diagnosticActionUid).create({
    data: { title: action.title, barrier: 'trust', owner: action.owner ?? 'Maison des familles', dueOn: '2027-03-01', actionStatus: action.status ?? 'a_faire', note: '', diagnostic: diagnostic.documentId },
  })) as { documentId: string };
  return { documentId: diagnostic.documentId, actionId: created.documentId };
}

/** A published neighbourhood (fr, and en under the same slug). */
export async function publishedNeighbourhood(strapi: Strapi, data: { name: string; slug: string }): Promise<string> {
  const documents = strapi.documents('api::neighbourhood.neighbourhood');
  const created = await documents.create({ locale: 'fr', data: { name: data.name, slug: data.slug, lat: 45.55, lng: -73.6 } as never });
  await documents.publish({ documentId: created.documentId, locale: 'fr' });
  return created.documentId;
}

/** A published organization (its public record, in French), optionally in a neighbourhood. */
export async function publishedOrganization(strapi: Strapi, data: { name: string; slug: string; neighbourhood?: string } & Record<string, unknown>): Promise<string> {
  const documents = strapi.documents('api::organization.organization');
  const created = await documents.create({ locale: 'fr', data: { kind: 'community_group', ...data } as never });
  await documents.publish({ documentId: created.documentId, locale: 'fr' });
  return created.documentId;
}

export const resourceUid = 'api::practitioners.resource';
export const threadMessageUid = 'api::practitioners.thread-message';

/** A shared resource, for every member (no table) or one table's members, as if a member had shared it. */
export async function createResource(strapi: Strapi, data: { author: string | null; title: string; table?: string | null; url?: string }): Promise<string> {
  const created = await strapi.documents(resourceUid).create({
    data: { title: data.title, url: data.url ?? 'https://exemple.org/guide.pdf', description: null, themes: ['guides'], roundTable: data.table ?? null, author: data.author, createdAtMs: Date.now() } as never,
  });
  return (created as { documentId: string }).documentId;
}

/** A message in a table's or a resource's thread, `ageMinutes` old (oldest first when made in a loop). */
export async function createThreadMessage(strapi: Strapi, data: { author: string | null; text: string; table?: string; resource?: string; ageMinutes?: number }): Promise<void> {
  await strapi.documents(threadMessageUid).create({
    data: { roundTable: data.table ?? null, resource: data.resource ?? null, author: data.author, text: data.text, createdAtMs: Date.now() - (data.ageMinutes ?? 0) * 60_000 } as never,
  });
}
