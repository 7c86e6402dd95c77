import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toDemoData, type Fixture } from '@passerelle/shared/testing';
import { bootCms, messageTransports, productionSecrets, type CmsProcess } from './cms-process.ts';
import type { FakeTwilio } from './fake-twilio.ts';
import { postgresEnv, type PgCluster } from './pg-cluster.ts';

/**
 * What the resilience tests share: a seed folder holding only the items a test acts on (and the
 * taxonomy they link to, from cms/data), and a production CMS process on the test's own
 * PostgreSQL cluster, with its message transports pointed at local fakes.
 */
const cmsData = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cms/data');

/** The fixtures as seed files, beside the demo data's neighbourhoods, organizations and topics they link to. */
export function writeSeed(dir: string, fixtures: Fixture[]): string {
  mkdirSync(dir, { recursive: true });
  for (const taxonomy of ['neighbourhoods', 'organizations', 'topics']) copyFileSync(path.join(cmsData, `${taxonomy}.json`), path.join(dir, `${taxonomy}.json`));
  for (const [collection, entries] of Object.entries(toDemoData(fixtures))) {
    writeFileSync(path.join(dir, `${collection}.json`), JSON.stringify(entries));
  }
  return dir;
}

export interface ClusterCmsOptions {
  cluster: PgCluster;
  seedDir: string;
  smtpPort: number;
  twilio: FakeTwilio;
  env?: Record<string, string>;
}

/**
 * `NODE_ENV=production` (no stack traces, real transports), believing X-Forwarded-For from the
 * loopback (the test plays many residents), seeding the given folder (idempotent: a second instance
 * on the same database finds the slugs and leaves them).
 */
export async function bootCmsOnCluster({ cluster, seedDir, smtpPort, twilio, env = {} }: ClusterCmsOptions): Promise<CmsProcess> {
  const outcome = await bootCms(
    {
      ...productionSecrets,
      ...messageTransports({ port: smtpPort }, twilio),
      ...postgresEnv(cluster),
      SEED_DEMO_DATA: 'true',
      SEED_DATA_DIR: seedDir,
      TRUSTED_PROXIES: 'loopback',
      PETITION_COUNT_CACHE_SECONDS: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    { timeoutMs: 180_000 },
  );
  if (outcome.kind !== 'ready') throw new Error(`CMS did not start (exit ${outcome.code}):\n${outcome.output.slice(-3000)}`);
  return outcome.cms;
}

/** The first port of the range the resilience tests may use for their PostgreSQL clusters. */
export const resiliencePgPort = (offset: number): number => Number(process.env.TEST_RESILIENCE_PG_PORT ?? 25520) + offset;

/** A stack frame, or SQL, in a page a resident would see. */
export const leaksInternals = (html: string): boolean =>
  /\n\s+at |\bat [\w.<>]+ \(|node_modules|\.js:\d+:\d+|\b(select|insert into|update|delete from)\b.*\b(from|set|values|where)\b|\bKnex|ECONNREFUSED|57P0\d/i.test(html);
