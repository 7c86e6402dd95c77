import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A real ClamAV daemon for the tests (Debian's clamav-daemon, which `scripts/lib.sh`
 * `ensure_clamav` installs), with no freshclam and no download: its database is a folder of our
 * own body signatures (`.ndb`), one for the EICAR test string and one for a test-only marker, so
 * it loads in well under a second and finds exactly what the tests plant. It listens on a Unix
 * socket and on a TCP port of loopback. No clamd on the machine is an error, never a skip.
 */
export interface Clamd {
  socket: string;
  port: number;
  /** Stops the daemon (its socket file goes with it); `start()` brings it back on the same addresses. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  destroy(): Promise<void>;
}

/**
 * The EICAR anti-virus test file's 68 characters, put together at run time so that this source
 * file is not itself a test virus to the scanners of the machines that hold the repository.
 */
export const eicar = () => Buffer.from(['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join(''), 'latin1');
/** Bytes only our test database calls malware: for documents that must be caught inside a zip's deflated entry. */
export const testMarker = () => Buffer.from(['PASSERELLE-', 'TEST-MALWARE-', 'MARKER-0058'].join(''), 'latin1');
/** The names clamd reports (it adds `.UNOFFICIAL` to signatures that are not ClamAV's own). */
export const eicarSignature = 'Passerelle.Test.EICAR';
export const markerSignature = 'Passerelle.Test.Marker';
/** The test clamd's StreamMaxLength (production sets it at least to SPACE_UPLOAD_MAX_BYTES). */
export const clamdStreamMaxBytes = 2 * 1024 * 1024;

function clamdBinary(): string {
  for (const candidate of ['/usr/sbin/clamd', '/usr/bin/clamd']) if (existsSync(candidate)) return candidate;
  throw new Error('clamd not found (/usr/sbin/clamd): install Debian\'s clamav-daemon (scripts/lib.sh ensure_clamav) — these tests need a real clamd and are not skipped without one');
}

/** A free TCP port of loopback (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `zPING\0` on the socket: `PONG` once the database is loaded and the daemon takes commands. */
function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = createConnection({ path: socket });
    let reply = '';
    connection.setTimeout(1_000, () => connection.destroy());
    connection.on('connect', () => connection.write('zPING\0'));
    connection.on('data', (data) => (reply += data.toString('latin1')));
    connection.on('close', () => resolve(reply.startsWith('PONG')));
    connection.on('error', () => resolve(false));
  });
}

export async function startClamd(): Promise<Clamd> {
  const binary = clamdBinary();
  const dir = mkdtempSync(path.join(tmpdir(), 'passerelle-clamd-'));
  const database = path.join(dir, 'db');
  const socket = path.join(dir, 'clamd.sock');
  const port = await freePort();
  const logFile = path.join(dir, 'clamd.log');
  // ndb: name:target type (0, any file, and any entry clamd unpacks):offset (* anywhere):hex bytes.
  const signatures = [`${eicarSignature}:0:*:${eicar().toString('hex')}`, `${markerSignature}:0:*:${testMarker().toString('hex')}`];
  mkdirSync(database);
  writeFileSync(path.join(database, 'passerelle-test.ndb'), `${signatures.join('\n')}\n`);
  writeFileSync(
    path.join(dir, 'clamd.conf'),
    [
      'Foreground yes',
      `DatabaseDirectory ${database}`,
      `LocalSocket ${socket}`,
      'LocalSocketMode 600',
      `TCPSocket ${port}`,
      'TCPAddr 127.0.0.1',
      `LogFile ${logFile}`,
      // Our database is the whole database: no check for newer ones, no official signatures expected.
      'SelfCheck 0',
      // Below the CMS's upload limit on purpose: a longer stream gets clamd's own ERROR reply.
      `StreamMaxLength ${clamdStreamMaxBytes}`,
      '',
    ].join('\n'),
  );

  let child: ChildProcess | null = null;
  const start = async () => {
    const spawned = spawn(binary, ['-c', path.join(dir, 'clamd.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = spawned;
    let stderr = '';
    spawned.stderr?.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (spawned.exitCode !== null) break;
      if (await ping(socket)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    spawned.kill('SIGKILL');
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-2_000) : '';
    throw new Error(`clamd did not start: ${stderr.slice(-1_000)} ${log}`);
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (running.exitCode === null && running.signalCode === null) {
      running.kill('SIGKILL');
      await exited;
    }
    // clamd removes its socket on a clean exit; a killed one may leave it.
    rmSync(socket, { force: true });
  };
  await start();
  return {
    socket,
    port,
    start,
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A server that reads whatever it is sent and never answers: a clamd stuck on a huge file or an
 * overloaded machine, for the timeout. On a Unix socket path (where clamd was) or a TCP port of
 * loopback. Not a scanner: it only holds connections open.
 */
export async function startSilentServer(at: { path: string } | { port: 0 }): Promise<{ port: number; received: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let bytes = 0;
  const server: Server = createServer((connection) => {
    sockets.add(connection);
    connection.on('data', (data: Buffer) => (bytes += data.length));
    connection.on('error', () => undefined);
    connection.on('close', () => sockets.delete(connection));
  });
  await new Promise<void>((resolve) => ('path' in at ? server.listen(at.path, resolve) : server.listen(0, '127.0.0.1', resolve)));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    received: () => bytes,
    close: async () => {
      for (const connection of sockets) connection.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
