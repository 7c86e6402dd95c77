import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postForm, publishedPetition, signPath, useTestOutbox, validSignature } from '../support/participation.ts';
import { startStrapi, type StartedStrapi } from '../support/strapi.ts';

/**
 * With SMTP_HOST set, emails leave through Strapi's email plugin and the nodemailer provider —
 * here to a minimal SMTP server in the test — and nothing is written to the dev outbox.
 */
const received: string[] = [];
let smtp: Server;
let app: StartedStrapi;
let outbox: string;

function startFakeSmtp(): Promise<number> {
  smtp = createServer((socket) => {
    let inData = false;
    let data = '';
    socket.write('220 fake ESMTP\r\n');
    socket.on('data', (chunk) => {
      for (const line of chunk.toString('utf8').split('\r\n')) {
        if (inData) {
          if (line === '.') {
            inData = false;
            received.push(data);
            data = '';
            socket.write('250 queued\r\n');
          } else data += `${line}\n`;
          continue;
        }
        if (!line) continue;
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') socket.write('250 fake\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go\r\n');
        } else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  return new Promise((resolve) => smtp.listen(0, '127.0.0.1', () => resolve((smtp.address() as AddressInfo).port)));
}

beforeAll(async () => {
  outbox = useTestOutbox();
  process.env.SMTP_HOST = '127.0.0.1';
  process.env.SMTP_PORT = String(await startFakeSmtp());
  process.env.EMAIL_FROM = 'Passerelle <petitions@exemple.ca>';
  app = await startStrapi();
});

afterAll(async () => {
  await app?.stop();
  smtp?.close();
  delete process.env.SMTP_HOST;
});

describe('email over SMTP', () => {
  it('sends the confirmation through nodemailer, not the outbox', async () => {
    const petition = await publishedPetition(app.strapi);
    const sent = await postForm(app.baseUrl, signPath(petition.slug), validSignature({ email: 'smtp-test@exemple.ca' }));
    expect(sent.status).toBe(303);
    await expect.poll(() => received.length).toBeGreaterThan(0);
    expect(received[0]).toContain('smtp-test@exemple.ca');
    expect(received[0]).toContain('petitions@exemple.ca');
    expect(received[0]).toMatch(/Confirmez votre signature|=?UTF-8/);
    expect(existsSync(outbox)).toBe(false);
  });
});
