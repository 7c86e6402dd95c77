import { createHash } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { fixturePath } from '../support/e2e-fixtures.ts';
import { fillSignature, lastMessageTo, uniqueEmail } from '../support/petition-journeys.ts';

/**
 * With JavaScript on, the petition form earns an ALTCHA proof of work in the background once
 * Amir starts typing, and sends it with his signature; the page's strict CSP allows the worker.
 * Without JavaScript the same form has no such field (resident-signs-a-petition.nojs.spec.ts).
 */
const challengePath = '/participer/altcha/defi.json';

test('Amir signs with JavaScript on: the proof of work is solved in the background and sent along', async ({ page, request }) => {
  const path = fixturePath('petitionAmirSignsWithJavaScript');
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  let challengeRequests = 0;
  page.on('request', (r) => {
    if (r.url().endsWith(challengePath)) challengeRequests++;
  });

  await page.goto(path);
  const proof = page.locator('form[action$="/signer"] input[type="hidden"][name="altcha"]');
  // Reading the page costs nothing: the solver and the challenge come only once the form is in use.
  await page.waitForLoadState('networkidle');
  expect(challengeRequests).toBe(0);
  await expect(proof).toHaveCount(0);

  const email = uniqueEmail('amir');
  await fillSignature(page, { name: 'Amir Haddad', postalCode: 'H2R 1X9', email, consent: true });
  await expect(proof).not.toHaveValue('', { timeout: 15_000 });
  expect(challengeRequests).toBe(1);

  const sentProof = await proof.inputValue();
  const payload = JSON.parse(Buffer.from(sentProof, 'base64').toString('utf8'));
  expect(payload).toMatchObject({ algorithm: 'SHA-256' });
  expect(createHash('sha256').update(`${payload.salt}${payload.number}`).digest('hex')).toBe(payload.challenge);

  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/signer'));
  await page.getByRole('button', { name: 'Signer' }).click();
  expect(new URLSearchParams((await posted).postData() ?? '').get('altcha')).toBe(sentProof);
  await expect(page).toHaveURL(`/participer${path}merci?locale=fr`);
  expect((await lastMessageTo(request, email)).subject).toBe('Confirmez votre signature');
  expect(problems, 'no script or CSP errors').toEqual([]);
});

test('a person who submits before the proof is ready is not held back', async ({ page, request }) => {
  const path = fixturePath('petitionAmirSignsWithJavaScript');
  // The challenge never arrives: the form must still go through, without the field.
  await page.route(`**${challengePath}`, () => undefined);
  await page.goto(path);
  const email = uniqueEmail('presse');
  await fillSignature(page, { name: 'Rosa Pressée', postalCode: 'H2R 1X9', email, consent: true });
  const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/signer'));
  await page.getByRole('button', { name: 'Signer' }).click();
  expect(new URLSearchParams((await posted).postData() ?? '').get('altcha')).toBe('');
  await expect(page).toHaveURL(`/participer${path}merci?locale=fr`);
  expect((await lastMessageTo(request, email)).subject).toBe('Confirmez votre signature');
});
