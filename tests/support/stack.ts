import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { aNeighbourhood, anOpenPetition, anOrganization, aTopic, cuisineCollective, toDemoData, type Fixture } from '@passerelle/shared/testing';
import { renderNginxConfig } from '../../deploy/nginx/render.mjs';
import { precompressDir } from '../../deploy/precompress.mjs';
import { freePort, messageTransports, productionSecrets } from './cms-process.ts';
import { startFakeSmtp, type FakeSmtp } from './fake-smtp.ts';
import { startFakeTwilio, type FakeTwilio } from './fake-twilio.ts';

/**
 * The production stack on loopback, for the tests that need every part as its own process:
 * PostgreSQL (its own cluster, scripts/lib.sh's recipe), two CMS instances in production mode
 * sharing it (fresh secrets, messages to local fakes of SMTP and Twilio), and Debian's nginx with
 * the config `npm run start:stack` renders (deploy/nginx/). The static site nginx serves is a tiny
 * folder written here (a home page, an item page carrying its organization's phone number, an asset,
 * the 404 page), not a full build: the stack tests are about the processes, and start in seconds.
 * Each part can be killed and started again.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cmsDir = path.join(repoRoot, 'cms');
const cmsRequire = createRequire(path.join(cmsDir, 'package.json'));

export interface CmsInstance {
  name: string;
  port: number;
  url: string;
  output(): string;
  /** Kills the process with a signal (SIGKILL: no goodbye) and waits for it to be gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port; resolves once it is ready. */
  start(): Promise<void>;
  running(): boolean;
}

export interface Stack {
  /** nginx: what residents reach. */
  siteUrl: string;
  cms: [CmsInstance, CmsInstance];
  /** The open petition of the tiny site, its item page and its organization's phone number. */
  petition: { slug: string; pagePath: string; phone: string };
  siteRoot: string;
  smtp: FakeSmtp;
  twilio: FakeTwilio;
  nginxLog(): string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
}

type PgClient = { connect(): Promise<void>; query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>; end(): Promise<void> };

const lib = (fn: string, ...args: string[]) =>
  execFileSync('bash', ['-c', `source "${repoRoot}/scripts/lib.sh"; ${fn} "$@"`, 'lib', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, detail: () => string = () => ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs} ms\n${detail().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The tiny static site: enough to prove what nginx does with a build (types, compression, cache, 404). */
function writeTinySite(root: string, petition: { slug: string; title: string }): string {
  const page = (title: string, body: string) =>
    `<!doctype html><html lang="fr-CA"><meta charset="utf-8"><title>${title}</title><link rel="stylesheet" href="/_assets/site.abc123.css">` +
    `<main><h1>${title}</h1>${body}</main>${'<!-- de quoi dépasser le seuil de compression -->'.repeat(20)}</html>\n`;
  const files: Record<string, string> = {
    'index.html': page('Passerelle', '<p>Les actions locales de votre quartier.</p>'),
    'en/index.html': page('Passerelle', '<p>Local action in your neighbourhood.</p>'),
    [`petitions/${petition.slug}/index.html`]: page(
      petition.title,
      `<form method="post" action="/participer/petitions/${petition.slug}/signer"><button>Signer</button></form>` +
        `<p>${cuisineCollective.name} : <a href="tel:+1${cuisineCollective.phone.replace(/\D/g, '')}">${cuisineCollective.phone}</a></p>`,
    ),
    '404.html': page('Page introuvable', '<p>Cette page n’existe pas. <a href="/">Accueil</a></p>'),
    '_assets/site.abc123.css': `body{font-family:system-ui,sans-serif}${'main{max-width:40rem}'.repeat(40)}\n`,
    // The offline service worker names its build: never cached past a revalidation.
    'sw.js': "self.addEventListener('install', () => self.skipWaiting());\n",
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  precompressDir(root);
  return root;
}

function writeSeed(dir: string, fixtures: Fixture[]): void {
  mkdirSync(dir, { recursive: true });
  for (const [collection, entries] of Object.entries(toDemoData(fixtures))) {
    writeFileSync(path.join(dir, `${collection}.json`), `${JSON.stringify(entries, null, 2)}\n`);
  }
}

export async function startStack({ pgPort = Number(process.env.TEST_STACK_PG_PORT ?? 25510) } = {}): Promise<Stack> {
  const runDir = mkdtempSync(path.join(tmpdir(), 'passerelle-stack-'));
  chmodSync(runDir, 0o755); // PostgreSQL runs as the postgres user and must reach its data dir
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(runDir, { recursive: true, force: true })];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch(() => undefined);
  };
  try {
    const petition = anOpenPetition({ fr: { title: 'La pétition signée pendant la panne' }, en: { title: 'The petition signed during the outage' } });
    writeSeed(path.join(runDir, 'seed'), [aTopic(), aNeighbourhood(), anOrganization(), petition]);
    mkdirSync(path.join(runDir, 'public', 'uploads'), { recursive: true });
    const siteRoot = writeTinySite(path.join(runDir, 'site'), { slug: petition.slug, title: petition.fr.title });

    lib('start_postgres', path.join(runDir, 'pg'), String(pgPort), 'passerelle_stack');
    cleanups.push(() => void lib('stop_postgres', path.join(runDir, 'pg')));
    const { Client } = cmsRequire('pg') as { Client: new (o: object) => PgClient };
    const db = new Client({ host: '127.0.0.1', port: pgPort, database: 'passerelle_stack', user: 'postgres' });
    await db.connect();
    cleanups.push(() => db.end());

    const smtp = await startFakeSmtp();
    cleanups.push(() => smtp.close());
    const twilio = await startFakeTwilio();
    cleanups.push(() => twilio.close());

    const nginxPort = await freePort();
    const siteUrl = `http://127.0.0.1:${nginxPort}`;
    const baseEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? runDir,
      STRAPI_TELEMETRY_DISABLED: 'true',
      ...productionSecrets,
      ...messageTransports(smtp, twilio),
      DATABASE_CLIENT: 'postgres',
      DATABASE_HOST: '127.0.0.1',
      DATABASE_PORT: String(pgPort),
      DATABASE_NAME: 'passerelle_stack',
      DATABASE_USERNAME: 'postgres',
      DATABASE_PASSWORD: '',
      HOST: '127.0.0.1',
      PUBLIC_SITE_URL: siteUrl,
      // nginx on loopback is the one proxy the CMS believes (X-Forwarded-For, X-Request-Id).
      TRUSTED_PROXIES: 'loopback',
      // The bursts come from one machine: the per-address limits are the integration tests' business.
      PETITION_RATE_SHORT_MAX: '1000000',
      PETITION_RATE_LONG_MAX: '1000000',
      PETITION_COUNT_CACHE_SECONDS: '0',
      OUTBOX_POLL_MS: '200',
      // A message claimed by an instance that is then killed is due again soon.
      OUTBOX_LEASE_SECONDS: '3',
      CRON_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      PUBLIC_DIR: path.join(runDir, 'public'),
    };

    const instance = async (name: string, extra: Record<string, string>): Promise<CmsInstance> => {
      const port = await freePort();
      let child: ChildProcess | null = null;
      let output = '';
      let exited: Promise<void> = Promise.resolve();
      const running = () => child !== null && child.exitCode === null && child.signalCode === null;
      const self: CmsInstance = {
        name,
        port,
        url: `http://127.0.0.1:${port}`,
        output: () => output,
        running,
        async start() {
          const started = output.length;
          child = spawn(process.execPath, ['scripts/serve.js'], { cwd: cmsDir, env: { ...baseEnv, ...extra, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
          child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
          child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
          const c = child;
          exited = new Promise((resolve) => c.once('exit', () => resolve()));
          await waitFor(
            `CMS ${name}`,
            () => {
              if (!running()) throw new Error(`CMS ${name} exited during its boot:\n${output.slice(-3000)}`);
              return output.slice(started).includes('Passerelle CMS ready at');
            },
            180_000,
            () => output,
          );
        },
        async kill(signal = 'SIGKILL') {
          if (running()) child!.kill(signal);
          await exited;
        },
      };
      cleanups.push(() => self.kill('SIGTERM'));
      return self;
    };

    // One after the other: the first migrates the database and seeds the tiny site's items.
    const a = await instance('a', { SEED_DEMO_DATA: 'true', SEED_DATA_DIR: path.join(runDir, 'seed') });
    await a.start();
    const b = await instance('b', {});
    await b.start();

    const nginxConf = path.join(runDir, 'nginx.conf');
    writeFileSync(
      nginxConf,
      renderNginxConfig({
        listen: `127.0.0.1:${nginxPort}`,
        siteRoot,
        runDir,
        cmsServers: [`127.0.0.1:${a.port}`, `127.0.0.1:${b.port}`],
        workerProcesses: '1',
        // The run dir and the checkout are root's: nginx's workers (`nobody` by default) might not
        // read the error pages nor write the temp dirs.
        user: process.getuid?.() === 0 ? 'root' : undefined,
      }),
    );
    let nginxOutput = '';
    const nginx = spawn('/usr/sbin/nginx', ['-c', nginxConf, '-e', path.join(runDir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
    nginx.stderr.on('data', (chunk: Buffer) => (nginxOutput += chunk.toString('utf8')));
    const nginxExited = new Promise<void>((resolve) => nginx.once('exit', () => resolve()));
    cleanups.push(async () => {
      if (nginx.exitCode === null) nginx.kill('SIGQUIT');
      await nginxExited;
    });
    await waitFor(
      'nginx',
      () => {
        if (nginx.exitCode !== null) throw new Error(`nginx exited: ${nginxOutput}`);
        return fetch(`${siteUrl}/_health`).then((r) => r.status === 204, () => false);
      },
      10_000,
    );

    return {
      siteUrl,
      cms: [a, b],
      petition: { slug: petition.slug, pagePath: `/petitions/${petition.slug}/`, phone: cuisineCollective.phone },
      siteRoot,
      smtp,
      twilio,
      nginxLog: () => nginxOutput,
      query: async <T,>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as T[],
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
