import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * A PDF rewritten by qpdf without what tells who made it and when: the trailer's Info dictionary
 * (Author, Creator, Producer, Title, Subject, Keywords, dates), every XMP `/Metadata` stream (the
 * catalog's, pages', images'), application private data (`/PieceInfo`, `/LastModified`), and the
 * names and dates of comment annotations. qpdf reads the file through its cross-reference table
 * and writes every object reachable from the new trailer once, with no incremental sections: the
 * text and metadata of earlier revisions, and any object nothing points to, are not in the result.
 * See docs/decisions/0057-shared-documents-lose-their-metadata.md.
 */
export interface PdfStripTools {
  qpdf: string;
  /** A private folder for the two working files (the upload store's `incoming/`). */
  workDir: string;
}

/** How long each qpdf run may take; a file that needs more is refused, not kept as sent. */
const qpdfTimeoutMs = 30_000;
/** qpdf's JSON of the objects' dictionaries (stream data left out): beyond this, the file is refused. */
const maxJsonBytes = 64 * 1024 * 1024;

/** Dictionary keys dropped wherever they appear: metadata streams and producers' private data. */
const droppedKeys = new Set(['/Metadata', '/PieceInfo', '/LastModified']);
/** Annotations that are comments: their `/T` is the commenter's name (a form field's `/T` is its name, kept). */
const commentSubtypes = new Set(['/Text', '/FreeText', '/Line', '/Square', '/Circle', '/Polygon', '/PolyLine', '/Highlight', '/Underline', '/Squiggly', '/StrikeOut', '/Stamp', '/Caret', '/Ink', '/Popup', '/Redact']);
const neutralAuthor = 'u:Auteur';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const json: z.ZodType<Json> = z.lazy(() => z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(json)]));
const qpdfObject = z.union([z.object({ value: json }), z.object({ stream: z.object({ dict: z.record(json) }).passthrough() })]);
/** qpdf's JSON v2 (`--json=2 --json-key=qpdf`): a header, then every object by `obj:N G R`, and `trailer`. */
const qpdfJson = z.object({ qpdf: z.tuple([z.object({ jsonversion: z.literal(2) }).passthrough(), z.record(qpdfObject)]) });

const isDictionary = (value: Json): value is { [key: string]: Json } => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy of a value with the dropped keys removed from every dictionary in it; `changed` says whether any was. */
function cleaned(value: Json): { value: Json; changed: boolean } {
  if (Array.isArray(value)) {
    const items = value.map(cleaned);
    return { value: items.map((x) => x.value), changed: items.some((x) => x.changed) };
  }
  if (!isDictionary(value)) return { value, changed: false };
  let changed = false;
  const out: { [key: string]: Json } = {};
  for (const [key, item] of Object.entries(value)) {
    if (droppedKeys.has(key)) {
      changed = true;
      continue;
    }
    const inner = cleaned(item);
    changed ||= inner.changed;
    out[key] = inner.value;
  }
  if (typeof out['/Subtype'] === 'string' && commentSubtypes.has(out['/Subtype'])) {
    if ('/T' in out && out['/T'] !== neutralAuthor) {
      out['/T'] = neutralAuthor;
      changed = true;
    }
    for (const date of ['/M', '/CreationDate']) {
      if (date in out) {
        delete out[date];
        changed = true;
      }
    }
  }
  return { value: out, changed };
}

/** qpdf's JSON of the file, in update form: only the objects that change, and a trailer without Info. */
export function pdfUpdates(document: z.infer<typeof qpdfJson>): { qpdf: [Record<string, Json>, Record<string, Json>] } {
  const [header, objects] = document.qpdf;
  const updates: Record<string, Json> = {};
  for (const [key, object] of Object.entries(objects)) {
    if (key === 'trailer') continue;
    if ('value' in object) {
      const next = cleaned(object.value);
      if (next.changed) updates[key] = { value: next.value };
    } else {
      const next = cleaned(object.stream.dict);
      // A stream given without data keeps its data: only the dictionary changes.
      if (next.changed) updates[key] = { stream: { dict: next.value } };
    }
  }
  const trailer = objects.trailer;
  if (!trailer || !('value' in trailer) || !isDictionary(trailer.value)) throw new Error('pdf strip: no trailer');
  // The trailer keeps only what locates the document: Root and Size (qpdf writes a new ID).
  const { '/Root': root, '/Size': size } = trailer.value;
  if (root === undefined) throw new Error('pdf strip: no catalog');
  updates.trailer = { value: { '/Root': root, ...(size === undefined ? {} : { '/Size': size }) } };
  return { qpdf: [header as Record<string, Json>, updates] };
}

/** Runs qpdf; resolves with its exit code and standard output (at most `maxJsonBytes`), or null on timeout, overflow or a missing program. */
function runQpdf(program: string, args: string[]): Promise<{ code: number | null; stdout: Buffer } | null> {
  return new Promise((resolve) => {
    const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'ignore'], timeout: qpdfTimeoutMs, killSignal: 'SIGKILL' });
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = false;
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxJsonBytes) {
        overflow = true;
        child.kill('SIGKILL');
      } else chunks.push(chunk);
    });
    child.on('error', () => resolve(null));
    child.on('close', (code, signal) => resolve(overflow || signal ? null : { code, stdout: Buffer.concat(chunks) }));
  });
}

/** qpdf's exit codes: 0 done, 3 done with warnings (a damaged file it repaired); 2 is an error. */
const succeeded = (result: { code: number | null } | null) => result !== null && (result.code === 0 || result.code === 3);

/**
 * The PDF without its metadata and earlier revisions, or null when qpdf cannot read or rewrite it
 * (damaged beyond repair, protected by a password to open, qpdf missing, too slow): the caller
 * refuses such a file rather than keep it as sent.
 */
export async function stripPdf(bytes: Buffer, tools: PdfStripTools): Promise<Buffer | null> {
  const base = path.join(tools.workDir, `strip-${randomBytes(12).toString('hex')}`);
  const [input, updates, output] = [`${base}.pdf`, `${base}.json`, `${base}.out.pdf`];
  try {
    await writeFile(input, bytes, { mode: 0o600, flag: 'wx' });
    // --decrypt: a file that opens without a password (owner restrictions only) is written unencrypted, readable like any other.
    const read = await runQpdf(tools.qpdf, ['--json=2', '--json-key=qpdf', '--json-stream-data=none', '--decrypt', input, '-']);
    if (!succeeded(read)) return null;
    const parsed = qpdfJson.safeParse(JSON.parse(read!.stdout.toString('utf8')));
    if (!parsed.success) return null;
    await writeFile(updates, JSON.stringify(pdfUpdates(parsed.data)), { mode: 0o600, flag: 'wx' });
    // --decode-level=none: streams are copied as they are, never inflated here (a stream that inflates
    // to gigabytes costs nothing; Flate ones were already bounded by file-sniff.ts).
    const written = await runQpdf(tools.qpdf, ['--decrypt', '--decode-level=none', `--update-from-json=${updates}`, input, output]);
    if (!succeeded(written)) return null;
    return await readFile(output);
  } catch {
    return null;
  } finally {
    await Promise.all([input, updates, output].map((file) => rm(file, { force: true })));
  }
}
