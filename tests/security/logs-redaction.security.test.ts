import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPage, useTestOutbox } from '../support/participation.ts';
import { startStrapi, type StartedStrapi } from '../support/strapi.ts';

/**
 * Logs are kept longer and read by more people than the database: no contact, code or token may
 * reach them. One redaction runs on every line the CMS's logger writes, and the request log
 * records the path without its query string.
 */
const redactModule = () => import('../../cms/src/logging/redact.ts');

describe('redaction of a log line', () => {
  it.each([
    ['GET /participer/petitions/confirmer?jeton=AbC_123-xyzXYZ0987654321&locale=fr (12 ms) 200', 'AbC_123-xyzXYZ0987654321'],
    ['GET /participer/evenements/annuler?locale=en&jeton=Zz9_8-yY7xX6wW5vV4uU3 (3 ms) 200', 'Zz9_8-yY7xX6wW5vV4uU3'],
    ['GET /participer/petitions/code?ref=qn-7FnIPGG3S-2HOlSDulsQl&locale=fr (15 ms) 200', 'qn-7FnIPGG3S-2HOlSDulsQl'],
    ['GET /passerelle/personne/export?contact=marie.tremblay%40exemple.ca&format=csv (40 ms) 200', 'marie.tremblay'],
    ['GET /passerelle/personne/export?format=json&contact=514-555-0123 (40 ms) 200', '555-0123'],
    ['GET /admin/reset-password?code=f00dfacecafe1234 (2 ms) 200', 'f00dfacecafe1234'],
    ['GET /apercu/?type=events&secret=preview-secret-value-42 (2 ms) 200', 'preview-secret-value-42'],
    ['GET /x?token=tok_abcdef0123456789&sig=c0ffee00deadbeef (1 ms) 404', 'tok_abcdef0123456789'],
    ['GET /x?token=tok_abcdef0123456789&sig=c0ffee00deadbeef (1 ms) 404', 'c0ffee00deadbeef'],
    ['GET /x?signature=5f4dcc3b5aa765d61d8327deb882cf99 (1 ms) 404', '5f4dcc3b5aa765d61d8327deb882cf99'],
    ['mail to Marie.Tremblay+petition@Exemple.CA failed', 'Tremblay'],
    ['contact: marie%40exemple.ca', 'marie'],
    ['sms to (514) 555-0123 failed', '555-0123'],
    ['sms to 514-555-0123', '555-0123'],
    ['sms to 514.555.0123', '555.0123'],
    ['sms to 514 555 0123', '555 0123'],
    ['sms to 5145550123', '5550123'],
    ['sms to +15145550123', '5550123'],
    ['sms to +1 514 555 0123', '555 0123'],
    ['sms to 1-514-555-0123', '555-0123'],
    ['phone=%2B15145550123', '5550123'],
    ['phone=514+555+0123&x=1', '555+0123'],
    ['to 514%20555%200123', '555%200123'],
    ['Passerelle : votre code pour confirmer la pétition est 482913. Ne le donnez à personne.', '482913'],
    ['authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJpZCI6MX0.c2lnbmF0dXJl', 'eyJhbGciOiJIUzI1NiJ9'],
    ['body {"email":"a.b@exemple.ca","password":"Secret-2026!"}', 'Secret-2026!'],
    ['body {"contact":"438 555 0199","confirm":"438 555 0199"}', '555 0199'],
    ['body {"jeton": "AbCdEfGhIjKlMnOpQrStUv"}', 'AbCdEfGhIjKlMnOpQrStUv'],
  ])('%s  →  hides %s', async (line, secret) => {
    const { redactLogText } = await redactModule();
    const redacted = redactLogText(line);
    expect(redacted).not.toContain(secret);
    // What is left still says what happened.
    expect(redacted.length).toBeGreaterThan(0);
  });

  it.each([
    'POST /api/events (123 ms) 201',
    'GET /participer/petitions/comptes.json (4 ms) 200',
    '[retention] {"signaturesAnonymised":3,"registrationsErased":12,"devOutboxMessagesErased":0}',
    'Passerelle CMS ready at http://127.0.0.1:13370',
    'document abc123def456ghi789jkl012 published at 2026-12-04T16:03:10.514Z',
    '[passerelle] personal data export (4 records, csv) by admin user 12',
  ])('leaves a line without personal data as it is: %s', async (line) => {
    const { redactLogText } = await redactModule();
    expect(redactLogText(line)).toBe(line);
  });

  it('keeps the name of a hidden query parameter and the other parameters', async () => {
    const { redactLogText } = await redactModule();
    const redacted = redactLogText('GET /participer/petitions/confirmer?jeton=AbC_123-xyzXYZ0987654321&locale=fr (12 ms) 200');
    expect(redacted).toContain('jeton=');
    expect(redacted).toContain('locale=fr');
    expect(redacted).toContain('(12 ms) 200');
  });
});

describe('a JSON log line (LOG_FORMAT=json)', () => {
  const format = async () => (await import('../../cms/src/logging/log-format.ts')).passerelleJsonLogFormat();
  const line = async (info: Record<string, unknown>) => {
    const written = (await format()).transform({ level: 'http', ...info });
    return JSON.parse(String(written[Symbol.for('message')])) as Record<string, unknown>;
  };

  it('carries the request fields, and redacts its message and every text field', async () => {
    const json = await line({
      message: 'GET /participer/petitions/confirmer?jeton=AbC_123-xyzXYZ0987654321 (4 ms) 200 [req-1]',
      request: { method: 'GET', route: '/participer/petitions/confirmer', path: '/x/marie.tremblay@exemple.ca/514-555-0123', status: 200, durationMs: 4.2, requestId: 'req-12345678' },
    });
    expect(json).toMatchObject({ level: 'http', method: 'GET', route: '/participer/petitions/confirmer', status: 200, durationMs: 4.2, requestId: 'req-12345678' });
    const text = JSON.stringify(json);
    for (const secret of ['AbC_123-xyzXYZ0987654321', 'marie.tremblay', '555-0123']) expect(text).not.toContain(secret);
  });

  it('drops the value of a field named like a secret or a contact, and anything nested deeper', async () => {
    const json = await line({
      message: 'sent',
      email: 'louis.riel@exemple.ca',
      token: 'tok_abcdef0123456789',
      meta: { phone: '5145550123', code: '482913', nested: { contact: 'x@y.ca' } },
      list: ['a@b.ca'],
    });
    const text = JSON.stringify(json);
    for (const secret of ['louis.riel', 'tok_abcdef0123456789', '5145550123', '482913', 'x@y.ca', 'a@b.ca']) expect(text).not.toContain(secret);
    expect(json.msg).toBe('sent');
  });
});

describe('the CMS’s logger', () => {
  let app: StartedStrapi;
  const lines: string[] = [];
  const saved = process.env.LOG_LEVEL;

  beforeAll(async () => {
    useTestOutbox();
    process.env.LOG_LEVEL = 'http';
    app = await startStrapi();
    app.strapi.log.on('data', (info: Record<string | symbol, unknown>) => lines.push(String(info[Symbol.for('message')] ?? info.message)));
  });
  afterAll(async () => {
    await app?.stop();
    if (saved === undefined) delete process.env.LOG_LEVEL;
    else process.env.LOG_LEVEL = saved;
  });

  it('logs each request’s method, path and status, without the query string’s secrets', async () => {
    const jeton = `J${randomBytes(16).toString('base64url')}`;
    const ref = `R${randomBytes(16).toString('base64url')}`;
    const from = lines.length;
    await getPage(app.baseUrl, `/participer/petitions/confirmer?jeton=${jeton}&locale=fr`);
    await getPage(app.baseUrl, `/participer/petitions/code?ref=${ref}&locale=fr`);
    await getPage(app.baseUrl, `/api/petitions?filters[email][$eq]=${encodeURIComponent('fuite@exemple.ca')}`);
    await expect.poll(() => lines.slice(from).filter((l) => l.includes(' ms) ')).length).toBeGreaterThanOrEqual(3);

    const logged = lines.slice(from).join('\n');
    expect(logged).toMatch(/GET \/participer\/petitions\/confirmer\S* \(\d+ ms\) 404/);
    expect(logged).toMatch(/GET \/participer\/petitions\/code\S* \(\d+ ms\) 200/);
    for (const secret of [jeton, ref, 'fuite', '%40exemple']) expect(logged).not.toContain(secret);
  });

  it('redacts contacts and codes in any message, whoever logs it, errors and their stacks included', async () => {
    const from = lines.length;
    app.strapi.log.warn('[test] sms to 514-555-0123 for marie@exemple.ca with code 482913');
    app.strapi.log.error(new Error('delivery to louis.riel@exemple.ca refused'));
    await expect.poll(() => lines.length - from).toBeGreaterThanOrEqual(2);
    const logged = lines.slice(from).join('\n');
    expect(logged).toContain('[test] sms to');
    expect(logged).toContain('delivery to');
    for (const secret of ['555-0123', 'marie@', '482913', 'louis.riel']) expect(logged).not.toContain(secret);
  });
});
