import { createConnection, type Socket } from 'node:net';
import type { Core } from '@strapi/strapi';
import { cmsConfig } from '../../config';

/**
 * The antivirus pass on documents uploaded to shared resources: the bytes are streamed to a clamd
 * daemon (ClamAV) with its INSTREAM command, over its Unix socket or TCP. Optional: without
 * CLAMD_SOCKET or CLAMD_HOST nothing is scanned (docs/deploy.md recommends it in production).
 * Once configured it fails closed: a daemon that cannot be reached, answers with an error or not
 * in time refuses the upload, so an attacker who can slow the scanner down cannot slip a file past
 * it. See docs/decisions/0058-an-antivirus-pass-on-space-documents.md.
 */
export type ClamdTarget = { kind: 'socket'; path: string } | { kind: 'tcp'; host: string; port: number };

export type ScanVerdict =
  | { verdict: 'clean' }
  /** The name of the signature that matched, as clamd gave it (for the log, never for the page). */
  | { verdict: 'infected'; signature: string }
  /** No verdict: not reachable, too slow, or an error reply. `reason` is for the log only. */
  | { verdict: 'unavailable'; reason: string };

/** What the upload does with a file: `off` when no clamd is configured. */
export type UploadScan = 'clean' | 'off' | 'infected' | 'unavailable';

/** clamd's own default chunk size (StreamMaxLength counts the sum of the chunks, not their size). */
const chunkBytes = 64 * 1024;

/** The daemon the settings name, null when none; both a socket and a host is a configuration error. */
export function clamdTarget(): ClamdTarget | null {
  const { CLAMD_SOCKET, CLAMD_HOST, CLAMD_PORT } = cmsConfig().participation;
  if (CLAMD_SOCKET && CLAMD_HOST) {
    throw new Error('Passerelle CMS: CLAMD_SOCKET et CLAMD_HOST sont tous deux définis ; gardez-en un seul (set only one of CLAMD_SOCKET and CLAMD_HOST).');
  }
  if (CLAMD_SOCKET) return { kind: 'socket', path: CLAMD_SOCKET };
  if (CLAMD_HOST) return { kind: 'tcp', host: CLAMD_HOST, port: CLAMD_PORT };
  return null;
}

/** Reads the settings at boot (a contradiction stops it there) and says whether uploads are scanned. */
export function reportAntivirusAtBoot(strapi: Core.Strapi): void {
  const target = clamdTarget();
  if (target) strapi.log.info(`[space] antivirus: documents are scanned by clamd at ${target.kind === 'socket' ? target.path : `${target.host}:${target.port}`}`);
  else strapi.log.info('[space] antivirus: no clamd configured (CLAMD_SOCKET or CLAMD_HOST): uploaded documents are not scanned');
}

/** A signature name fit for a log line: clamd's names are ASCII words, dots and dashes. */
const loggable = (text: string) => text.replace(/[^\w .:-]/g, '?').slice(0, 120);

/** clamd's reply to INSTREAM: `stream: OK`, `stream: <name> FOUND`, or `<what> ERROR`. */
export function parseClamdReply(reply: string): ScanVerdict {
  const line = reply.replace(/\0/g, '').trim();
  if (line === 'stream: OK') return { verdict: 'clean' };
  const found = /^stream: (.+) FOUND$/.exec(line);
  if (found) return { verdict: 'infected', signature: found[1]! };
  return { verdict: 'unavailable', reason: line ? `clamd answered: ${loggable(line)}` : 'clamd closed without an answer' };
}

/**
 * Streams `bytes` to clamd (`zINSTREAM\0`, chunks each prefixed by its length as 4 big-endian
 * bytes, a zero length to end) and reads its one reply. One deadline covers connecting, sending
 * and the reply: past it the connection is dropped and the verdict is `unavailable`.
 */
export function scanWithClamd(target: ClamdTarget, bytes: Uint8Array, timeoutMs: number): Promise<ScanVerdict> {
  return new Promise<ScanVerdict>((resolve) => {
    const socket: Socket = target.kind === 'socket' ? createConnection({ path: target.path }) : createConnection({ host: target.host, port: target.port });
    const replies: Buffer[] = [];
    let settled = false;
    /** Set once every chunk and the zero-length end are handed to the socket: "clean" before that did not see the whole file. */
    let sentAll = false;
    const finish = (reply: ScanVerdict) => {
      if (settled) return;
      const verdict: ScanVerdict = reply.verdict === 'clean' && !sentAll ? { verdict: 'unavailable', reason: 'clamd answered OK before the end of the stream' } : reply;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(verdict);
    };
    const timer = setTimeout(() => finish({ verdict: 'unavailable', reason: `no answer within ${timeoutMs} ms` }), timeoutMs);
    const replyComplete = () => Buffer.concat(replies).includes(0);
    socket.on('data', (data: Buffer) => {
      replies.push(data);
      // The `z` form of the command ends the reply with a NUL byte.
      if (replyComplete()) finish(parseClamdReply(Buffer.concat(replies).toString('utf8')));
    });
    socket.on('end', () => finish(parseClamdReply(Buffer.concat(replies).toString('utf8'))));
    // clamd may close while we still write (a stream over its StreamMaxLength): its reply, when it
    // came, says why; otherwise the error is the reason.
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish(replies.length > 0 ? parseClamdReply(Buffer.concat(replies).toString('utf8')) : { verdict: 'unavailable', reason: `clamd unreachable: ${error.code ?? 'error'}` }),
    );
    socket.on('connect', () => {
      void send().catch(() => {
        // A write after the socket was destroyed: the 'error' or timeout above already answered.
      });
    });

    async function send(): Promise<void> {
      const write = (chunk: Uint8Array) =>
        new Promise<void>((done) => {
          if (settled) return done();
          if (socket.write(chunk)) return done();
          // A connection dropped meanwhile ends the wait too; the loop then stops on `settled`.
          const resume = () => {
            socket.off('drain', resume);
            socket.off('close', resume);
            done();
          };
          socket.once('drain', resume);
          socket.once('close', resume);
        });
      await write(Buffer.from('zINSTREAM\0', 'latin1'));
      for (let offset = 0; offset < bytes.length && !settled; offset += chunkBytes) {
        const chunk = bytes.subarray(offset, Math.min(offset + chunkBytes, bytes.length));
        const length = Buffer.alloc(4);
        length.writeUInt32BE(chunk.length, 0);
        await write(length);
        await write(chunk);
      }
      // Set as the end is handed to the socket: the reply to it may be read before its write's callback.
      sentAll = !settled;
      await write(Buffer.alloc(4));
    }
  });
}

/**
 * The one call of the upload pipeline: `off` without a configured clamd, else the daemon's verdict.
 * Every refusal leaves an audit line with no personal data (no member, no file name, no bytes):
 * the signature's name, or why there was no verdict.
 */
export async function scanUpload(strapi: Core.Strapi, bytes: Uint8Array): Promise<UploadScan> {
  const target = clamdTarget();
  if (!target) return 'off';
  const result = await scanWithClamd(target, bytes, cmsConfig().participation.CLAMD_TIMEOUT_MS);
  if (result.verdict === 'infected') {
    strapi.log.warn(`[space] antivirus: a document was refused, clamd found ${loggable(result.signature)}`);
  } else if (result.verdict === 'unavailable') {
    strapi.log.error(`[space] antivirus: a document was refused unscanned (${result.reason})`);
  }
  return result.verdict;
}
