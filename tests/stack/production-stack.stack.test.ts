import { Agent, request } from 'node:http';
import { pathTo, segments, type Section } from '@passerelle/shared';
import { participationPrefix, participationRoutes } from '@passerelle/shared/participation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeadersFor } from '../../site/server/serve.mjs';
import { startStack, type Stack } from '../support/stack.ts';

/**
 * The production stack on one machine (docs/deploy.md): nginx in front of two CMS instances in
 * production mode on one PostgreSQL, each a real process. What a failure of a CMS process does to
 * residents, through nginx: a signature answered "thank you" is stored, every other answer is our
 * page, nothing is stored twice; with no CMS at all, the site still reads and the forms say whom
 * to call.
 */
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
}, 300_000);
afterAll(async () => {
  await stack?.stop();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request through the given keep-alive connection (a person's browser). */
function send(method: string, path: string, { agent, form, headers = {} }: { agent?: Agent; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Answer> {
  const body = form ? new URLSearchParams(form).toString() : '';
  return new Promise((resolve, reject) => {
    const req = request(
      `${stack.siteUrl}${path}`,
      {
        method,
        agent,
        headers: form ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), ...headers } : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `worker` over `items`, `concurrency` at a time, each lane with its own keep-alive connection. */
async function inParallel<T>(items: T[], concurrency: number, worker: (item: T, agent: Agent) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      for (let item = items[next++]; item !== undefined; item = items[next++]) await worker(item, agent);
      agent.destroy();
    }),
  );
}

/** Our "service unavailable" page, in both languages: never nginx's default page. */
const isOurUnavailablePage = (answer: Answer) =>
  [502, 503, 504].includes(answer.status) &&
  answer.body.includes('Service momentanément indisponible') &&
  answer.body.includes('Service temporarily unavailable') &&
  !/<center>nginx<\/center>/.test(answer.body);

const signatureRows = (prefix: string) =>
  stack.query<{ email: string; signature_status: string }>(`SELECT email, signature_status FROM signatures WHERE email LIKE $1`, [`${prefix}%`]);
const duplicateKeys = async () =>
  Number((await stack.query<{ n: string }>('SELECT COUNT(*) AS n FROM (SELECT email_key FROM signatures WHERE email_key IS NOT NULL GROUP BY email_key HAVING COUNT(*) > 1) d'))[0]?.n);

/** The confirmation link's token of each person who was emailed, read from the fake SMTP server. */
function tokensByRecipient(prefix: string): Map<string, string> {
  const tokens = new Map<string, string>();
  for (const raw of stack.smtp.received) {
    const text = raw.replace(/=\n/g, '').replace(/=3D/gi, '=');
    const to = new RegExp(`(${prefix}[\\w.-]*@[\\w.-]+)`).exec(text)?.[1];
    const token = /jeton=([\w-]+)/.exec(text)?.[1];
    if (to && token) tokens.set(to, token);
  }
  return tokens;
}

describe('nginx serves the built site (deploy/nginx/)', () => {
  it('sends the precompressed brotli or gzip copy, with the site server’s cache and security headers', async () => {
    const br = await send('GET', '/', { headers: { 'accept-encoding': 'br, gzip' } });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=60, must-revalidate');
    const gz = await send('GET', '/', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    const asset = await send('GET', '/_assets/site.abc123.css', { headers: { 'accept-encoding': 'br' } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-encoding']).toBe('br');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const worker = await send('GET', '/sw.js');
    expect(worker.status).toBe(200);
    expect(worker.headers['cache-control']).toBe('no-cache');
    // Exactly the headers site/server/serve.mjs sends, value for value.
    for (const answer of [br, asset]) {
      for (const [name, value] of Object.entries(securityHeadersFor(''))) expect(answer.headers[name.toLowerCase()], name).toBe(value);
    }
  });

  it('answers an unknown address with the site’s 404 page, security headers included', async () => {
    const missing = await send('GET', '/nulle-part/');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('Page introuvable');
    expect(missing.headers['content-security-policy']).toBe(securityHeadersFor('')['Content-Security-Policy']);
  });

  it('passes /participer/ to the CMS with its request id', async () => {
    const count = await send('GET', `/participer/petitions/${stack.petition.slug}/compte.json`);
    expect(count.status).toBe(200);
    expect(JSON.parse(count.body)).toBeTypeOf('object');
    // nginx's $request_id (32 hex digits), which the CMS took from its trusted proxy and echoes.
    expect(count.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('fault: one CMS instance is killed (SIGKILL) during a burst of 1,000 signatures through nginx', () => {
  const people = Array.from({ length: 1000 }, (_, i) => `panne-${i}@exemple.ca`);
  const answers = new Map<string, Answer>();
  const sign = (email: string, agent?: Agent) =>
    send('POST', `/participer/petitions/${stack.petition.slug}/signer`, { agent, form: { name: 'Personne Panne', postalCode: 'H2R 1X9', email, consent: '1' } });

  it('answers every request with 303 or our own page; every 303 is stored, and nothing twice', async () => {
    const [, victim] = stack.cms;
    let answered = 0;
    const kill: { done?: Promise<void> } = {};
    await inParallel(people, 20, async (email, agent) => {
      const answer = await sign(email, agent).catch((error: Error): Answer => ({ status: 0, headers: {}, body: String(error) }));
      answers.set(email, answer);
      // A fifth of the way in, with requests in flight on both instances.
      if (++answered === 200) kill.done = victim.kill('SIGKILL');
    });
    await kill.done;
    expect(victim.running()).toBe(false);

    const accepted = people.filter((email) => answers.get(email)!.status === 303);
    const refused = people.filter((email) => answers.get(email)!.status !== 303);
    for (const email of refused) expect(isOurUnavailablePage(answers.get(email)!), `${email}: ${answers.get(email)!.status} ${answers.get(email)!.body.slice(0, 200)}`).toBe(true);
    // After the kill, nginx sends everything to the surviving instance.
    expect(accepted.length).toBeGreaterThan(900);

    const stored = new Set((await signatureRows('panne-')).map((row) => row.email));
    for (const email of accepted) expect(stored.has(email), email).toBe(true);
    // A request in flight when the process died may have been stored without its answer: only
    // those, never more than the people who got the error page.
    const inDoubt = [...stored].filter((email) => !accepted.includes(email));
    expect(inDoubt.every((email) => refused.includes(email))).toBe(true);
    expect(await duplicateKeys()).toBe(0);
    console.log(`[stack] fault 1: ${accepted.length} accepted, ${refused.length} got the unavailable page (${inDoubt.length} of them stored anyway)`);
  }, 120_000);

  it('once the people who got the error page try again, stored = accepted, counted = confirmed, 0 duplicates', async () => {
    const [, victim] = stack.cms;
    await victim.start();
    const retried = people.filter((email) => answers.get(email)!.status !== 303);
    for (const email of retried) {
      const again = await sign(email);
      expect(again.status, email).toBe(303);
      answers.set(email, again);
    }
    const accepted = people.filter((email) => answers.get(email)!.status === 303);
    expect(accepted.length).toBe(people.length);
    expect((await signatureRows('panne-')).length).toBe(accepted.length);

    // Every confirmation email goes out, including those the killed instance had claimed (lease).
    const deadline = Date.now() + 90_000;
    while (tokensByRecipient('panne-').size < people.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
    const tokens = tokensByRecipient('panne-');
    expect(tokens.size).toBe(people.length);

    let confirmed = 0;
    await inParallel([...tokens.values()], 20, async (token, agent) => {
      const answer = await send('POST', '/participer/petitions/confirmer', { agent, form: { jeton: token } });
      if (answer.status === 303) confirmed++;
      else expect(answer.status).toBe(303);
    });
    const rows = await signatureRows('panne-');
    expect(rows.filter((row) => row.signature_status === 'confirmed').length).toBe(confirmed);
    expect(confirmed).toBe(people.length);
    expect(await duplicateKeys()).toBe(0);
  }, 180_000);
});

describe('an instance stopped as systemd stops it (SIGTERM) during a burst of 500 signatures', () => {
  it('it drains: every request is answered 303 or our page, every 303 is stored, nothing twice', async () => {
    const [stopping] = stack.cms;
    const people = Array.from({ length: 500 }, (_, i) => `arret-${i}@exemple.ca`);
    const answers = new Map<string, Answer>();
    const stop: { done?: Promise<void> } = {};
    let answered = 0;
    await inParallel(people, 20, async (email, agent) => {
      const answer = await send('POST', `/participer/petitions/${stack.petition.slug}/signer`, {
        agent,
        form: { name: 'Personne Arrêt', postalCode: 'H2R 1X9', email, consent: '1' },
      }).catch((error: Error): Answer => ({ status: 0, headers: {}, body: String(error) }));
      answers.set(email, answer);
      if (++answered === 100) stop.done = stopping.kill('SIGTERM');
    });
    await stop.done;
    expect(stopping.running()).toBe(false);
    // It stopped taking connections and answered what it had before it went.
    expect(stopping.output()).toContain('requests in flight answered');
    const accepted = people.filter((email) => answers.get(email)?.status === 303);
    for (const email of people.filter((e) => !accepted.includes(e))) expect(isOurUnavailablePage(answers.get(email)!), email).toBe(true);
    const stored = new Set((await signatureRows('arret-')).map((row) => row.email));
    for (const email of accepted) expect(stored.has(email), email).toBe(true);
    expect([...stored].every((email) => answers.has(email))).toBe(true);
    expect(await duplicateKeys()).toBe(0);
    console.log(`[stack] SIGTERM: ${accepted.length} of ${people.length} accepted, ${people.length - accepted.length} got the unavailable page`);
  });
});

describe('fault: no CMS instance at all', () => {
  beforeAll(async () => {
    await Promise.all(stack.cms.map((cms) => cms.kill('SIGKILL')));
  });

  it('every static page still answers 200', async () => {
    for (const path of ['/', '/en/', stack.petition.pagePath, '/_assets/site.abc123.css']) {
      const answer = await send('GET', path);
      expect(answer.status, path).toBe(200);
    }
  });

  it('a form gets our page, which links to the item’s page, which gives the organization’s phone number', async () => {
    const answer = await send('POST', `/participer/petitions/${stack.petition.slug}/signer`, {
      form: { name: 'Personne Panne', postalCode: 'H2R 1X9', email: 'panne-totale@exemple.ca', consent: '1' },
    });
    expect(isOurUnavailablePage(answer)).toBe(true);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.body).toContain(`href="${stack.petition.pagePath}"`);
    expect(answer.body).toContain(`href="/en${stack.petition.pagePath}"`);
    const itemPage = await send('GET', stack.petition.pagePath);
    expect(itemPage.status).toBe(200);
    expect(itemPage.body).toContain(stack.petition.phone);
  });

  // Every form of the write path, from the one table of its addresses: a form added there without
  // its item mapped in deploy/nginx/passerelle.conf.template fails here.
  const forms = Object.entries(participationRoutes).filter(([, route]) => route.method === 'POST');
  const sectionOf = (frSegment: string) => (Object.keys(segments.fr) as Section[]).find((section) => segments.fr[section] === frSegment);

  it.each(forms)('%s: our page; for an item’s form, links to its page in French and English', async (_name, route) => {
    const slug = 'un-item-en-panne-1';
    const answer = await send('POST', `${participationPrefix}${route.path.replace(':slug', slug)}`, { form: { champ: 'valeur' } });
    expect(isOurUnavailablePage(answer)).toBe(true);
    const section = route.path.includes(':slug') ? sectionOf(route.path.split('/')[1] ?? '') : undefined;
    if (section) {
      expect(answer.body).toContain(`href="${pathTo('fr', section, slug)}"`);
      expect(answer.body).toContain(`href="${pathTo('en', section, slug)}"`);
    } else {
      expect(answer.body).toContain('son numéro de téléphone est sur la page de l’activité');
      expect(answer.body).not.toContain('href="/petitions/');
    }
  });

  it('never writes what the address holds into the page, only a slug it recognizes', async () => {
    const answer = await send('POST', '/participer/petitions/%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E/signer', { form: { a: 'b' } });
    expect(isOurUnavailablePage(answer)).toBe(true);
    expect(answer.body).not.toMatch(/<script|%3Cscript|alert/i);
  });

  it('a form that belongs to no item (a confirmation) still gets our page, telling where the number is', async () => {
    const answer = await send('POST', '/participer/petitions/confirmer', { form: { jeton: 'x' } });
    expect(isOurUnavailablePage(answer)).toBe(true);
    expect(answer.body).toContain('son numéro de téléphone est sur la page de l’activité');
  });
});
