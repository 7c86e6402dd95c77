import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  interestPath,
  outboxMessages,
  postForm,
  publishedCall,
  publishedPetition,
  signPath,
  useTestOutbox,
  validInterest,
  validSignature,
} from '../support/participation.ts';
import { api, startStrapi, type StartedStrapi } from '../support/strapi.ts';

/**
 * The dev outbox holds whole messages (codes, links, names, numbers): it is never written outside
 * development, its old messages go with the nightly retention job, and erasing a person (Law 25)
 * removes every message sent to them or about them.
 */
const outboxModule = () => import('../../cms/src/participation/messages/outbox.ts');
const retentionModule = () => import('../../cms/src/participation/retention.ts');

const DAY = 86_400_000;
const PASSWORD = 'Outbox-test-2026!';
let app: StartedStrapi;
let outbox: string;
let superAdminToken: string;

/** Digits of a phone with any separators between them: how a leak would look in any format. */
const digitsPattern = (phone: string) => new RegExp(phone.replace(/\D/g, '').slice(-10).split('').join('\\D{0,3}'));
const mentions = (pattern: RegExp | string) => (m: { to: string; subject?: string; text: string }) =>
  [m.to, m.subject ?? '', m.text].some((field) => (typeof pattern === 'string' ? field.toLowerCase().includes(pattern) : pattern.test(field)));

beforeAll(async () => {
  outbox = useTestOutbox();
  process.env.DEV_OUTBOX_DAYS = '3';
  for (const key of ['SMTP_HOST', 'SMS_PROVIDER']) delete process.env[key];
  app = await startStrapi();
  const role = await app.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-super-admin' } });
  const email = `outbox.admin.${randomBytes(3).toString('hex')}@exemple.ca`;
  await app.strapi.service('admin::user').create({ email, firstname: 'Test', lastname: 'Admin', password: PASSWORD, isActive: true, registrationToken: null, roles: [role.id] });
  const login = await api(app.baseUrl, '/admin/login', { body: { email, password: PASSWORD } });
  expect(login.status).toBe(200);
  superAdminToken = login.body.data.token;
});

afterAll(async () => {
  await app?.stop();
  rmSync(outbox, { force: true });
  delete process.env.DEV_OUTBOX_DAYS;
});

describe('the dev outbox outside development', () => {
  it('refuses to write a message when NODE_ENV is neither development nor test', async () => {
    const { appendToOutbox } = await outboxModule();
    const file = `${outbox}.production`;
    const saved = { env: process.env.NODE_ENV, file: process.env.DEV_OUTBOX_FILE };
    process.env.NODE_ENV = 'production';
    process.env.DEV_OUTBOX_FILE = file;
    try {
      expect(() => appendToOutbox({ channel: 'sms', to: '+15145550123', text: 'Votre code est 123456.' })).toThrow(/dev outbox|boîte d’envoi/i);
    } finally {
      process.env.NODE_ENV = saved.env;
      process.env.DEV_OUTBOX_FILE = saved.file;
    }
    expect(existsSync(file)).toBe(false);
  });
});

describe('the retention job and the dev outbox', () => {
  it('drops messages older than DEV_OUTBOX_DAYS (and torn lines), keeps the recent ones, and replaces the file atomically', async () => {
    const { applyRetention } = await retentionModule();
    const now = new Date();
    const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString();
    const message = (id: string, daysAgo: number) => JSON.stringify({ id, at: at(daysAgo), channel: 'sms', to: '+15145550123', text: `Code ${id}` });
    writeFileSync(outbox, [message('old-10', 10), message('old-4', 4), '{"id":"torn","at":"', message('recent-2', 2), message('today', 0)].join('\n') + '\n');
    const inodeBefore = statSync(outbox).ino;

    const report = await applyRetention(app.strapi, now);

    expect(report.devOutboxMessagesErased).toBe(3);
    const kept = readFileSync(outbox, 'utf8').trim().split('\n').map((line) => JSON.parse(line).id);
    expect(kept).toEqual(['recent-2', 'today']);
    // Written beside it and renamed over it: a reader never sees a half-written file.
    expect(statSync(outbox).ino).not.toBe(inodeBefore);
    expect(readdirSync(path.dirname(outbox)).filter((f) => f.startsWith(path.basename(outbox)) && f !== path.basename(outbox))).toEqual([]);

    // Nothing left to drop: a second run changes nothing.
    expect((await applyRetention(app.strapi, now)).devOutboxMessagesErased).toBe(0);
  });
});

describe('erasure (Law 25) and the dev outbox', () => {
  const erase = (contact: string) => api(app.baseUrl, '/passerelle/personne/effacement', { body: { contact, confirm: contact }, token: superAdminToken });

  it('drops every message to or about the person, whatever the spelling of their email, and keeps everyone else’s', async () => {
    rmSync(outbox, { force: true });
    const petition = await publishedPetition(app.strapi);
    const call = await publishedCall(app.strapi);
    const julie = { email: 'Julie.Roy+petition@exemple.ca', phone: '514 555 0177' };
    expect((await postForm(app.baseUrl, signPath(petition.slug), validSignature({ name: 'Julie Roy', ...julie }))).status).toBe(303);
    // Her "I'm interested" goes to the call's contact and carries her email and number.
    expect((await postForm(app.baseUrl, interestPath(call.slug), validInterest({ name: 'Julie Roy', email: 'JULIE.ROY@exemple.ca', phone: '(514) 555-0177' }))).status).toBe(303);
    const other = `autre.${randomBytes(3).toString('hex')}@exemple.ca`;
    expect((await postForm(app.baseUrl, signPath(petition.slug), validSignature({ name: 'Paul Autre', email: other }))).status).toBe(303);

    const before = outboxMessages(outbox);
    expect(before.filter(mentions('julie.roy')).length).toBeGreaterThanOrEqual(2);
    expect(before.filter(mentions(digitsPattern(julie.phone))).length).toBeGreaterThanOrEqual(2);

    const erased = await erase('julie.roy@exemple.ca');
    expect(erased.status).toBe(200);

    const after = outboxMessages(outbox);
    expect(after.filter(mentions('julie.roy'))).toEqual([]);
    // Her number, found on her records, goes too, even though the request named only her email.
    expect(after.filter(mentions(digitsPattern(julie.phone)))).toEqual([]);
    expect(after.filter(mentions(other))).toHaveLength(1);
  });

  it('erasing by phone, typed in another format, drops the text messages sent to that number', async () => {
    const petition = await publishedPetition(app.strapi);
    expect((await postForm(app.baseUrl, signPath(petition.slug), validSignature({ name: 'Marc Phone', email: '', phone: '+1 (438) 555-0142' }))).status).toBe(303);
    expect(outboxMessages(outbox).filter(mentions(digitsPattern('4385550142')))).toHaveLength(1);

    expect((await erase('438.555.0142')).status).toBe(200);
    expect(outboxMessages(outbox).filter(mentions(digitsPattern('4385550142')))).toEqual([]);
  });
});
