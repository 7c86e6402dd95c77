import { afterEach, describe, expect, it } from 'vitest';
import { resetCmsConfig } from '../../cms/src/config/index.ts';
import { clamdTarget } from '../../cms/src/participation/space/antivirus.ts';

/**
 * Which clamd the CMS scans space documents with (decision 0058): none, its Unix socket, or TCP;
 * naming both is refused (at boot, where `reportAntivirusAtBoot` reads it), never resolved by a guess.
 */
const names = ['CLAMD_SOCKET', 'CLAMD_HOST', 'CLAMD_PORT', 'CLAMD_TIMEOUT_MS'] as const;
const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));

function withEnv(env: Partial<Record<(typeof names)[number], string>>) {
  for (const name of names) {
    if (env[name] === undefined) delete process.env[name];
    else process.env[name] = env[name];
  }
  resetCmsConfig();
}

afterEach(() => {
  for (const name of names) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  resetCmsConfig();
});

describe('clamd settings', () => {
  it('none set: no scanner (documents are not scanned)', () => {
    withEnv({});
    expect(clamdTarget()).toBeNull();
    withEnv({ CLAMD_SOCKET: '  ', CLAMD_HOST: '' });
    expect(clamdTarget()).toBeNull();
  });

  it('a socket, or a host with its port (3310 by default)', () => {
    withEnv({ CLAMD_SOCKET: '/run/clamav/clamd.ctl' });
    expect(clamdTarget()).toEqual({ kind: 'socket', path: '/run/clamav/clamd.ctl' });
    withEnv({ CLAMD_HOST: '10.0.0.5' });
    expect(clamdTarget()).toEqual({ kind: 'tcp', host: '10.0.0.5', port: 3310 });
    withEnv({ CLAMD_HOST: '10.0.0.5', CLAMD_PORT: '3311' });
    expect(clamdTarget()).toEqual({ kind: 'tcp', host: '10.0.0.5', port: 3311 });
  });

  it('both a socket and a host, a bad port or timeout: refused, naming the variable', () => {
    withEnv({ CLAMD_SOCKET: '/run/clamav/clamd.ctl', CLAMD_HOST: '10.0.0.5' });
    expect(() => clamdTarget()).toThrow(/CLAMD_SOCKET.*CLAMD_HOST/);
    withEnv({ CLAMD_HOST: '10.0.0.5', CLAMD_PORT: '70000' });
    expect(() => clamdTarget()).toThrow(/CLAMD_PORT/);
    withEnv({ CLAMD_SOCKET: '/run/clamav/clamd.ctl', CLAMD_TIMEOUT_MS: '5' });
    expect(() => clamdTarget()).toThrow(/CLAMD_TIMEOUT_MS/);
  });
});
