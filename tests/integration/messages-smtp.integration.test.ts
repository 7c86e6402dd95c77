import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSmtp, type FakeSmtp } from '../support/fake-smtp.ts';
import { postForm, publishedPetition, signPath, useTestOutbox, validSignature } from '../support/participation.ts';
import { startStrapi, type StartedStrapi } from '../support/strapi.ts';

/**
 * With SMTP_HOST set, emails leave through Strapi's email plugin and the nodemailer provider —
 * here to the minimal SMTP server of tests/support/fake-smtp.ts — and nothing is written to the dev outbox.
 */
let smtp: FakeSmtp;
let app: StartedStrapi;
let outbox: string;

beforeAll(async () => {
  outbox = useTestOutbox();
  process.env.SMTP_HOST = '127.0.0.1';
  smtp = await startFakeSmtp();
  process.env.SMTP_PORT = String(smtp.port);
  process.env.EMAIL_FROM = 'Passerelle <petitions@exemple.ca>';
  app = await startStrapi();
});

afterAll(async () => {
  await app?.stop();
  void smtp?.close();
  delete process.env.SMTP_HOST;
});

describe('email over SMTP', () => {
  it('sends the confirmation through nodemailer, not the outbox', async () => {
    const petition = await publishedPetition(app.strapi);
    const sent = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: 'smtp-test@exemple.ca' }));
    expect(sent.status).toBe(303);
    await expect.poll(() => smtp.received.length).toBeGreaterThan(0);
    expect(smtp.received[0]).toContain('smtp-test@exemple.ca');
    expect(smtp.received[0]).toContain('petitions@exemple.ca');
    expect(smtp.received[0]).toMatch(/Confirmez votre signature|=?UTF-8/);
    expect(existsSync(outbox)).toBe(false);
  });
});
