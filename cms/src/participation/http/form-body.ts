import type { IncomingMessage } from 'node:http';

/**
 * Reads an `application/x-www-form-urlencoded` body ourselves, before Strapi's body parser, so the
 * write path decides what "too big" and "wrong type" look like (a French page, not JSON).
 */
export const maxFormBytes = 16 * 1024;
/** Past this we stop reading and drop the connection: nobody's form is a megabyte. */
const hardStopBytes = 1024 * 1024;

export type FormBodyResult =
  | { kind: 'ok'; fields: Record<string, string> }
  | { kind: 'wrong-type' }
  | { kind: 'too-large' };

export function isFormContentType(header: string | undefined): boolean {
  return (header ?? '').split(';')[0]!.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/**
 * The body as bytes, at most `maxBytes`: null when it is larger (declared or actual). Past
 * `hardStopBytes` the connection is dropped rather than read to the end.
 */
export async function readBodyUpTo(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  await new Promise<void>((resolve, reject) => {
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > hardStopBytes) {
        req.destroy();
        resolve();
      } else if (size > maxBytes) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve());
    req.on('error', reject);
    req.on('close', () => resolve());
  });
  return tooLarge ? null : Buffer.concat(chunks);
}

export async function readFormBody(req: IncomingMessage): Promise<FormBodyResult> {
  if (!isFormContentType(req.headers['content-type'])) {
    req.resume();
    return { kind: 'wrong-type' };
  }
  const body = await readBodyUpTo(req, maxFormBytes);
  if (!body) return { kind: 'too-large' };
  // URLSearchParams never throws: malformed %-escapes stay as typed, bad UTF-8 becomes U+FFFD.
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) {
    if (!(key in fields)) fields[key] = value;
  }
  return { kind: 'ok', fields };
}
