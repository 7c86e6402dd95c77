import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The CMS as a real child process (`node cms/scripts/serve.js`), as `npm start` and the browser
 * tests run it: for what only a whole process shows — a refused boot and its exit code, or every
 * byte it writes to stdout and stderr. The environment is built from scratch (PATH and HOME only,
 * then the caller's variables): nothing leaks in from the shell.
 */
const cmsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cms');

export interface CmsProcess {
  baseUrl: string;
  /** Everything written to stdout and stderr so far, interleaved. */
  output(): string;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>;
}

export type BootOutcome = { kind: 'ready'; cms: CmsProcess } | { kind: 'exited'; code: number | null; output: string };

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Production-shaped secrets: every variable the CMS requires outside development. */
const strongSecret = () => randomBytes(24).toString('base64url');

/**
 * What a production CMS needs to boot, besides its message transports: NODE_ENV and every secret,
 * each drawn fresh (the CMS refuses short, placeholder and committed values outside development).
 */
export const productionSecrets: Record<string, string> = {
  NODE_ENV: 'production',
  APP_KEYS: `${strongSecret()},${strongSecret()}`,
  ADMIN_JWT_SECRET: strongSecret(),
  API_TOKEN_SALT: strongSecret(),
  TRANSFER_TOKEN_SALT: strongSecret(),
  JWT_SECRET: strongSecret(),
  ENCRYPTION_KEY: strongSecret(),
  PARTICIPATION_SECRET: strongSecret(),
  ALTCHA_HMAC_KEY: strongSecret(),
};

/** The message transports production requires, pointed at local fakes of the providers. */
export const messageTransports = (smtp: { port: number }, twilio: { url: string; accountSid: string; authToken: string }): Record<string, string> => ({
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(smtp.port),
  SMS_PROVIDER: 'twilio',
  TWILIO_ACCOUNT_SID: twilio.accountSid,
  TWILIO_AUTH_TOKEN: twilio.authToken,
  TWILIO_FROM: '+15145550100',
  TWILIO_API_URL: twilio.url,
});

/**
 * Starts the CMS on a fresh SQLite file in a temp dir and resolves once it is ready or has exited.
 * The temp dir (database, default outbox) is removed by `stop()` or after an exit.
 */
export async function bootCms(env: Record<string, string>, { timeoutMs = 150_000 } = {}): Promise<BootOutcome> {
  const dir = mkdtempSync(path.join(tmpdir(), 'passerelle-cms-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['scripts/serve.js'], {
    cwd: cmsDir,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? dir,
      STRAPI_TELEMETRY_DISABLED: 'true',
      CRON_ENABLED: 'false',
      DATABASE_CLIENT: 'sqlite',
      DATABASE_FILENAME: path.join(dir, 'cms.db'),
      DEV_OUTBOX_FILE: path.join(dir, 'outbox.jsonl'),
      OUTBOX_POLL_MS: '50',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    cleanUp();
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (output.includes('Passerelle CMS ready at')) {
      return { kind: 'ready', cms: { baseUrl: `http://127.0.0.1:${port}`, output: () => output, stop } };
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      const code = await exited;
      cleanUp();
      return { kind: 'exited', code, output };
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`CMS neither ready nor exited after ${timeoutMs} ms:\n${output.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
