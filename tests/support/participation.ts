import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { participationPaths } from '@passerelle/shared/participation/paths';
import {
  aClosedConsultation,
  aClosedPetition,
  anEventTakingRegistrations,
  anOpenCall,
  anOpenConsultation,
  anOpenPetition,
  anUpcomingConsultation,
  aPetitionNotYetOpen,
  everyKindOfQuestion,
  toStrapiDocument,
} from '@passerelle/shared/testing';
import type { Strapi } from './strapi.ts';

/**
 * Helpers for the write-path tests: posting forms like a browser without JavaScript, reading the
 * dev outbox, and petitions by lifecycle state (e-petitions factories style).
 */

/** Call before startStrapi(): one outbox file per test process, count cache off. */
export function useTestOutbox(): string {
  const file = path.join(tmpdir(), 'passerelle-tests', `outbox-${process.pid}-${randomBytes(3).toString('hex')}.jsonl`);
  process.env.DEV_OUTBOX_FILE = file;
  process.env.PETITION_COUNT_CACHE_SECONDS = '0';
  return file;
}

export interface OutboxMessage {
  channel: 'email' | 'sms';
  to: string;
  subject?: string;
  text: string;
  attachments?: Array<{ filename: string; contentType: string; content: string }>;
}

export function outboxMessages(file: string): OutboxMessage[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OutboxMessage);
}

export function lastMessageTo(file: string, to: string): OutboxMessage | undefined {
  return outboxMessages(file).filter((m) => m.to === to).pop();
}

/**
 * The last message to `to`, waiting for the worker of a CMS running in another process to send it
 * (the in-process CMS has `outboxSettled`; a child process is only seen through its outbox file).
 */
export async function awaitMessageTo(file: string, to: string, timeoutMs = 15_000): Promise<OutboxMessage | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = lastMessageTo(file, to);
    if (found || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Messages leave through the durable outbox a moment after the request that queued them. This
 * waits until the in-process CMS has none left to send now (each sent, given up, or waiting for a
 * retry later): the fence after which the dev outbox holds what the request caused. Without an
 * in-process CMS (a test against a CMS process), there is nothing to wait on here.
 */
export async function outboxSettled(timeoutMs = 30_000): Promise<void> {
  const strapi = (globalThis as { strapi?: Strapi }).strapi;
  if (!strapi?.db) return;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const due = await strapi.db.query('api::participation.outbound-message').count({
      where: { $or: [{ deliveryStatus: 'sending' }, { deliveryStatus: 'pending', nextAttemptAtMs: { $lte: Date.now() } }] },
    });
    if (due === 0) return;
    if (Date.now() > deadline) throw new Error(`outbox: ${due} message(s) still due after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A distinct client address per call, so per-IP rate limits only bite where a test wants them. */
let ipCounter = 1;
export const freshIp = () => `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter++ & 255}`;

export interface FormResponse {
  status: number;
  location: string | null;
  text: string;
}

export async function postForm(
  baseUrl: string,
  pathAndQuery: string,
  fields: Record<string, string> | string,
  options: { ip?: string; contentType?: string } = {},
): Promise<FormResponse> {
  const body = typeof fields === 'string' ? fields : new URLSearchParams(fields).toString();
  const response = await fetch(baseUrl + pathAndQuery, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'x-forwarded-for': options.ip ?? freshIp(),
    },
    body,
  });
  const answer = { status: response.status, location: response.headers.get('location'), text: await response.text() };
  await outboxSettled();
  return answer;
}

export async function getPage(baseUrl: string, pathAndQuery: string): Promise<FormResponse> {
  const response = await fetch(baseUrl + pathAndQuery, { redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location'), text: await response.text() };
}

/** A page a form lands on (`Location` of a 303), with the headers that keep it private. */
export async function getLanding(baseUrl: string, location: string | null): Promise<{ status: number; text: string; cacheControl: string | null }> {
  if (!location) throw new Error('no Location to follow');
  const response = await fetch(baseUrl + location, { redirect: 'manual' });
  return { status: response.status, text: await response.text(), cacheControl: response.headers.get('cache-control') };
}

/** Petitions by lifecycle state, from the shared builders. */
export const petitionStates = {
  open: () => anOpenPetition({ opensInDays: -1 }),
  closed: () => aClosedPetition({ opensInDays: -30, closesInDays: -1 }),
  notYetOpen: aPetitionNotYetOpen,
} as const;

/** A published petition in fr (and en, same slug), in the given state. */
export async function publishedPetition(
  strapi: Strapi,
  state: keyof typeof petitionStates = 'open',
  extra: Record<string, unknown> = {},
): Promise<{ documentId: string; slug: string; title: string }> {
  const documents = strapi.documents('api::petition.petition');
  const data: Record<string, unknown> = { ...toStrapiDocument(petitionStates[state]()), ...extra };
  const created = await documents.create({ locale: 'fr', data });
  await documents.update({ documentId: created.documentId, locale: 'en', data: { ...data, title: `EN ${String(data.title)}` } });
  await documents.publish({ documentId: created.documentId, locale: '*' });
  return { documentId: created.documentId, slug: String(data.slug), title: String(data.title) };
}

export const validSignature = (overrides: Record<string, string> = {}): Record<string, string> => ({
  locale: 'fr',
  name: 'Marie Tremblay',
  postalCode: 'h2r1a1',
  email: `marie.${randomBytes(3).toString('hex')}@exemple.ca`,
  phone: '',
  consent: '1',
  website: '',
  ...overrides,
});

export const signPath = participationPaths.sign;

/** The `jeton` in a confirmation email. */
export function tokenFrom(message: OutboxMessage | undefined): string {
  const match = /jeton=([A-Za-z0-9_-]+)/.exec(message?.text ?? '');
  if (!match) throw new Error(`no confirmation link in message: ${message?.text}`);
  return match[1]!;
}

export function codeFrom(message: OutboxMessage | undefined): string {
  const match = /\b(\d{6})\b/.exec(message?.text ?? '');
  if (!match) throw new Error(`no code in message: ${message?.text}`);
  return match[1]!;
}

/** A published event taking online registrations ("form"), starting in a few days. */
export async function publishedEventWithForm(strapi: Strapi, capacity: number | null, extra: Record<string, unknown> = {}) {
  const documents = strapi.documents('api::event.event');
  const data: Record<string, unknown> = { ...toStrapiDocument(anEventTakingRegistrations({ startsInDays: 3 })), capacity, ...extra };
  const created = await documents.create({ locale: 'fr', data });
  await documents.update({ documentId: created.documentId, locale: 'en', data: { ...data, title: `EN ${String(data.title)}` } });
  await documents.publish({ documentId: created.documentId, locale: '*' });
  return { documentId: created.documentId as string, slug: String(data.slug), title: String(data.title) };
}

export const validRsvp = (overrides: Record<string, string> = {}): Record<string, string> => ({
  locale: 'fr',
  name: 'Karim Haddad',
  email: `karim.${randomBytes(4).toString('hex')}@exemple.ca`,
  phone: '',
  people: '1',
  accessibilityNeeds: '',
  website: '',
  ...overrides,
});

export const rsvpPath = participationPaths.rsvp;

/** Questions of every kind, as an OC would enter them (the en version mirrors them). */
export const consultationQuestions = everyKindOfQuestion().map((q) => ({ prompt: q.fr.prompt, kind: q.kind, options: q.fr.options ?? [], required: q.required ?? false }));

/** Consultations by lifecycle state, from the shared builders (their questions are `consultationQuestions`). */
export const consultationStates = {
  open: () => anOpenConsultation({ opensInDays: -1, closesInDays: 14 }),
  closed: () => aClosedConsultation({ opensInDays: -30, closesInDays: -1, fr: { results: undefined }, en: { results: undefined } }),
  notYetOpen: () => anUpcomingConsultation({ opensInDays: 2, closesInDays: 30 }),
} as const;

/** A published consultation in fr (and en, same slug and questions), in the given state. */
export async function publishedConsultation(strapi: Strapi, state: keyof typeof consultationStates = 'open') {
  const documents = strapi.documents('api::consultation.consultation');
  const data: Record<string, unknown> = { ...toStrapiDocument(consultationStates[state]()), questions: consultationQuestions };
  const created = await documents.create({ locale: 'fr', data });
  const en = consultationQuestions.map((q) => ({ ...q, prompt: `EN ${q.prompt}`, options: q.options.map((o) => `EN ${o}`) }));
  await documents.update({ documentId: created.documentId, locale: 'en', data: { ...data, title: `EN ${String(data.title)}`, questions: en } });
  await documents.publish({ documentId: created.documentId, locale: '*' });
  return { documentId: created.documentId as string, slug: String(data.slug), title: String(data.title) };
}

/** Answers to `consultationQuestions`: bancs + toilettes, 4 on the scale, the morning, no text. */
export const validAnswers = (overrides: Record<string, string> = {}): Record<string, string> => ({
  locale: 'fr',
  'q1-1': '1',
  'q1-2': '1',
  q2: '4',
  q3: '1',
  q4: '',
  website: '',
  ...overrides,
});

export const answerPath = participationPaths.answer;
export const resultsPath = participationPaths.results;

/** A published call to participate, with a contact person (or none), open unless a past deadline is given. */
export async function publishedCall(strapi: Strapi, extra: Record<string, unknown> = {}) {
  const documents = strapi.documents('api::call.call');
  const contactEmail = `contact.${randomBytes(3).toString('hex')}@organisme.ca`;
  const data: Record<string, unknown> = { ...toStrapiDocument(anOpenCall()), contact: { name: 'Sylvie Roy', email: contactEmail }, ...extra };
  const created = await documents.create({ locale: 'fr', data });
  await documents.update({ documentId: created.documentId, locale: 'en', data: { ...data, title: `EN ${String(data.title)}` } });
  await documents.publish({ documentId: created.documentId, locale: '*' });
  return { documentId: created.documentId as string, slug: String(data.slug), title: String(data.title), contactEmail };
}

export const validInterest = (overrides: Record<string, string> = {}): Record<string, string> => ({
  locale: 'fr',
  name: 'Luc Nguyen',
  email: `luc.${randomBytes(4).toString('hex')}@exemple.ca`,
  phone: '',
  preferredContactTime: 'Le soir après 18 h',
  website: '',
  ...overrides,
});

export const interestPath = participationPaths.interest;

export const validProposal = (overrides: Record<string, string> = {}): Record<string, string> => ({
  locale: 'fr',
  title: `Soupe populaire ${randomBytes(3).toString('hex')}`,
  summary: 'Un repas chaud et gratuit pour tout le monde, avec des jeux pour les enfants.',
  date: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
  time: '17:30',
  venueName: 'Sous-sol de l’église Saint-Vincent',
  address: '4270, boulevard Henri-Bourassa Est, Montréal-Nord',
  organizationName: 'Les Voisins solidaires',
  name: 'Fatima Benali',
  email: `fatima.${randomBytes(4).toString('hex')}@exemple.ca`,
  phone: '',
  website: '',
  ...overrides,
});

export const proposePath = participationPaths.propose;

/** The ALTCHA challenge the CMS hands out (GET /participer/altcha/defi.json). */
export interface AltchaChallenge {
  algorithm: string;
  challenge: string;
  maxnumber: number;
  salt: string;
  signature: string;
}

export const altchaChallengePath = participationPaths.altchaChallenge;

/** What the browser's solver puts in the hidden `altcha` field: base64 of the solved challenge. */
export function altchaPayload(challenge: AltchaChallenge, number: number): string {
  const { algorithm, salt, signature } = challenge;
  return Buffer.from(JSON.stringify({ algorithm, challenge: challenge.challenge, number, salt, signature, took: 1 })).toString('base64');
}

/** Solves like the browser does (SHA-256(salt + n) = challenge), with Node's faster synchronous hash. */
export function solveAltcha(challenge: AltchaChallenge): number {
  for (let n = 0; n <= challenge.maxnumber; n++) {
    if (createHash('sha256').update(challenge.salt + n).digest('hex') === challenge.challenge) return n;
  }
  throw new Error('ALTCHA challenge has no solution under maxnumber');
}

export async function solvedAltcha(baseUrl: string): Promise<string> {
  const challenge = (await (await fetch(baseUrl + altchaChallengePath)).json()) as AltchaChallenge;
  return altchaPayload(challenge, solveAltcha(challenge));
}

/** `days` from now at `hours`:30 in Montréal summer time (UTC−4): an evening item's start. */
export const inDays = (days: number, hours = 18): string => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hours + 4, 30, 0, 0);
  return d.toISOString();
};

/** `count` sends, all started before any answer is read: what a burst test fires at once. */
export function burst<T>(count: number, send: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => send(i)));
}
