import { randomBytes } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import busboy from 'busboy';

/**
 * Reads a `multipart/form-data` body with one file, for the one form that takes a document (a
 * shared resource of the space). The file is streamed to a file on disk, never held in memory;
 * every other part is bounded: a few short fields, one file of at most `maxFileBytes`. The fields
 * sent before the file (the form puts its CSRF token first) are shown to `mayKeepFile` when the
 * file starts: if it says no, not one byte of the file is written.
 */
export const multipartLimits = { fields: 20, fieldSize: 4096, fieldNameSize: 100, headerPairs: 20 } as const;
/** Room for the fields and the parts' headers on top of the file, in the declared or actual body size. */
const overheadBytes = 64 * 1024;

export interface MultipartOptions {
  maxFileBytes: number;
  /** Folder where the file is written while it arrives. */
  dir: string;
  /** The name of the one file input; any other file part is read and dropped. */
  fileField: string;
  mayKeepFile: (fieldsSoFar: Record<string, string>) => boolean;
}

export type MultipartResult =
  | { kind: 'ok'; fields: Record<string, string>; file: { path: string; name: string; size: number } | null }
  /** The file (fields kept, for the form to be shown again) or the body was too large; nothing kept. */
  | { kind: 'too-large'; fields: Record<string, string> }
  | { kind: 'wrong-type' }
  /** `mayKeepFile` said no (a forged or missing token): nothing kept. */
  | { kind: 'refused'; fields: Record<string, string> }
  | { kind: 'malformed' };

export const isMultipartContentType = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase() === 'multipart/form-data';

export async function readMultipartBody(req: IncomingMessage, options: MultipartOptions): Promise<MultipartResult> {
  if (!isMultipartContentType(req.headers['content-type'])) {
    req.resume();
    return { kind: 'wrong-type' };
  }
  const hardLimit = options.maxFileBytes + overheadBytes;
  if (Number(req.headers['content-length'] ?? 0) > hardLimit) {
    req.resume();
    return { kind: 'too-large', fields: {} };
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: { ...multipartLimits, files: 1, parts: multipartLimits.fields + 1, fileSize: options.maxFileBytes },
    });
  } catch {
    req.resume();
    return { kind: 'malformed' };
  }

  const fields: Record<string, string> = {};
  let file: { path: string; name: string; size: number } | null = null;
  let writing: Promise<unknown> = Promise.resolve();
  let tooLarge = false;
  let refused = false;
  let malformed = false;
  let received = 0;
  let out: WriteStream | null = null;
  /** Stops writing the file at once (the body ended badly or is too large): its stream may never end. */
  const stopWriting = () => out?.destroy();

  const done = new Promise<void>((resolve) => {
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated || info.valueTruncated) tooLarge = true;
      else if (!Object.hasOwn(fields, name)) fields[name] = value;
    });
    parser.on('file', (name, stream, info) => {
      // No file chosen: browsers still send the part, with an empty name and no bytes.
      if (name !== options.fileField || file || tooLarge || info.filename === '' || info.filename === undefined) {
        stream.resume();
        return;
      }
      if (!options.mayKeepFile(fields)) {
        refused = true;
        stream.resume();
        return;
      }
      const target = path.join(options.dir, `${randomBytes(16).toString('hex')}.part`);
      const current = { path: target, name: info.filename, size: 0 };
      file = current;
      const sink = createWriteStream(target, { mode: 0o600, flags: 'wx' });
      out = sink;
      stream.on('data', (chunk: Buffer) => (current.size += chunk.length));
      stream.on('limit', () => {
        tooLarge = true;
        stream.unpipe(sink);
        stream.resume();
        sink.destroy();
      });
      stream.pipe(sink);
      writing = finished(sink).catch(() => undefined);
    });
    for (const event of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) parser.on(event, () => (tooLarge = true));
    parser.on('error', () => {
      malformed = true;
      stopWriting();
      resolve();
    });
    parser.on('close', () => resolve());
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      // Past the limit and its overhead the rest is not read: the connection is dropped.
      if (received > hardLimit) {
        tooLarge = true;
        req.unpipe(parser);
        req.destroy();
        stopWriting();
        resolve();
      }
    });
    req.on('aborted', () => {
      malformed = true;
      stopWriting();
      resolve();
    });
    req.pipe(parser);
  });
  await done;
  await writing;
  const kept = file as { path: string; name: string; size: number } | null;
  if (tooLarge || refused || malformed) {
    if (kept) await rm(kept.path, { force: true });
    if (malformed && !tooLarge) return { kind: 'malformed' };
    return tooLarge ? { kind: 'too-large', fields } : { kind: 'refused', fields };
  }
  return { kind: 'ok', fields, file: kept };
}
