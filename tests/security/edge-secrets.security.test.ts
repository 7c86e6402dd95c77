import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import adminConfig from '../../cms/config/admin.ts';
import { requiredSecret } from '../../cms/config/env-secrets.ts';
import pluginsConfig from '../../cms/config/plugins.ts';
import serverConfig from '../../cms/config/server.ts';
import { participationConfig, resetParticipationConfig } from '../../cms/src/participation/config.ts';
import { applyEnv, hermeticEnv, startStrapi } from '../support/strapi.ts';

/**
 * Outside development and test, a secret must be set, long enough, and not one anybody can read
 * in this repository (the `dev-only-…` defaults, `change-me`, the placeholders of cms/.env.example)
 * or guess (`aaaa…`). Checked for every secret the CMS reads, each key of APP_KEYS included.
 */
const cmsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cms');
const strong = () => randomBytes(24).toString('base64url');
const SECRET_NAMES = [
  'ADMIN_JWT_SECRET',
  'API_TOKEN_SALT',
  'TRANSFER_TOKEN_SALT',
  'ENCRYPTION_KEY',
  'JWT_SECRET',
  'PARTICIPATION_SECRET',
  'ALTCHA_HMAC_KEY',
] as const;
const allStrong = () => ({ APP_KEYS: `${strong()},${strong()}`, ...Object.fromEntries(SECRET_NAMES.map((name) => [name, strong()])) });

const saved = { ...process.env };
/** Nothing else the config files read may come from the shell (preview secrets, origins, proxies). */
const quiet = { ...hermeticEnv, PREVIEW_SECRET: undefined, PREVIEW_API_TOKEN: undefined, PUBLIC_SITE_URL: undefined };
const touched = [...new Set([...Object.keys(allStrong()), ...Object.keys(quiet)])];
beforeAll(() => applyEnv(quiet));
afterEach(() => {
  applyEnv({ ...Object.fromEntries(touched.map((k) => [k, saved[k]])), ...quiet });
  resetParticipationConfig();
});
afterAll(() => applyEnv(Object.fromEntries(touched.map((k) => [k, saved[k]]))));

/** What Strapi hands a config file: its env() reader. */
const strapiEnv = Object.assign((key: string, fallback?: string) => process.env[key] ?? fallback, {
  int: (key: string, fallback?: number) => (process.env[key] ? Number(process.env[key]) : fallback),
  bool: (key: string, fallback?: boolean) => (process.env[key] ? process.env[key] === 'true' : fallback),
}) as never;

/** Reads every secret the way the CMS does at boot (Strapi's config files, then the write path's). */
function bootConfig(): void {
  serverConfig({ env: strapiEnv });
  adminConfig({ env: strapiEnv });
  pluginsConfig({ env: strapiEnv });
  resetParticipationConfig();
  participationConfig();
}

const read = (value: string) => () => requiredSecret((k) => (k === 'SOME_SECRET' ? value : undefined), 'SOME_SECRET', 'dev-only-some-secret');

describe('secrets in production', () => {
  it('refuses committed defaults, placeholders, short and guessable values', () => {
    process.env.NODE_ENV = 'production';
    const refused = [
      '',
      '   ',
      'dev-only-admin-jwt-secret',
      'dev-only-encryption-key-32-chars!',
      'change-me',
      'CHANGE_ME_PLEASE_0123456789abcdef',
      'changeme-changeme-changeme-changeme',
      'toBeModified1',
      'tobemodified-tobemodified-tobemodified',
      'test-preview-secret-not-for-production',
      'b',
      'bench',
      strong().slice(0, 23),
      'a'.repeat(40),
      'passwordpasswordpasswordpassword',
    ];
    for (const value of refused) expect(read(value), JSON.stringify(value)).toThrow(/SOME_SECRET/);
    expect(read(strong())()).toHaveLength(32);
  });

  it('names the variable and never repeats the value', () => {
    process.env.NODE_ENV = 'production';
    expect(read('dev-only-some-secret')).toThrow(/SOME_SECRET/);
    try {
      read('change-me-secret-value-shown?')();
    } catch (error) {
      expect(String(error)).not.toContain('change-me-secret-value-shown?');
    }
  });

  it('checks every secret the CMS reads at boot, each key of APP_KEYS included', () => {
    for (const nodeEnv of ['production', 'staging']) {
      process.env.NODE_ENV = nodeEnv;
      applyEnv(allStrong());
      expect(bootConfig).not.toThrow();
      for (const name of SECRET_NAMES) {
        for (const weak of ['dev-only-participation-secret', 'change-me', 'short']) {
          applyEnv({ ...allStrong(), [name]: weak });
          expect(bootConfig, `${nodeEnv} ${name}=${weak}`).toThrow(new RegExp(name));
        }
      }
      for (const keys of ['dev-only-app-key-1,dev-only-app-key-2', `${strong()},dev-only-app-key-2`, `${strong()},short`, `${strong()},,${strong()}`]) {
        applyEnv({ ...allStrong(), APP_KEYS: keys });
        expect(bootConfig, `${nodeEnv} APP_KEYS=${keys}`).toThrow(/APP_KEYS/);
      }
    }
  });

  it('refuses every value cms/.env.example suggests for a secret', () => {
    process.env.NODE_ENV = 'production';
    const example = readFileSync(path.join(cmsDir, '.env.example'), 'utf8');
    const names = new Set<string>(['APP_KEYS', ...SECRET_NAMES]);
    const suggested = [...example.matchAll(/^#?\s*([A-Z_]+)=(\S*)/gm)].filter(([, name]) => names.has(name!));
    expect(new Set(suggested.map(([, name]) => name))).toEqual(names);
    for (const [, name, value] of suggested) {
      for (const key of value!.split(',')) {
        expect(read(key), `${name}=${value}`).toThrow();
      }
    }
  });

  it('keeps the committed defaults for development and test runs', () => {
    for (const nodeEnv of ['development', 'test']) {
      process.env.NODE_ENV = nodeEnv;
      expect(requiredSecret(() => undefined, 'SOME_SECRET', 'dev-only-some-secret')).toBe('dev-only-some-secret');
    }
  });

  it('stops a real production boot that still has a default secret', async () => {
    await expect(
      startStrapi({ env: { NODE_ENV: 'production', ...allStrong(), APP_KEYS: 'dev-only-app-key-1,dev-only-app-key-2' } }),
    ).rejects.toThrow(/APP_KEYS/);
  });
});
