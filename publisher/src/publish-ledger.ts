import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * The publishes not yet live, on disk (`builds/publish-ledger.json`): a publish is written here
 * (fsync'd, then renamed over the old file, then the folder fsync'd) before the webhook is answered,
 * and leaves only once a full build that started after it went live. So a publisher killed in the
 * middle of a build, or stopped with a publish waiting, builds it when it starts again: no publish
 * is ever lost. The same list tells a build which versions it must contain (see freshness.ts).
 */
const entrySchema = z.object({
  /** Order of arrival; a build settles every entry up to the last one it started with. */
  seq: z.number().int().positive(),
  receivedAt: z.string(),
  /** The status page's reason (`entry.publish api::event.event`). */
  reason: z.string(),
  event: z.string(),
  uid: z.string().optional(),
  documentId: z.string().optional(),
  locale: z.string().optional(),
  /** The entry's `updatedAt` as the webhook gave it: the version the site must show. */
  updatedAt: z.string().optional(),
});

const ledgerSchema = z.object({ version: z.literal(1), nextSeq: z.number().int().positive(), entries: z.array(entrySchema) });

export type LedgerEntry = z.infer<typeof entrySchema>;
export type NewLedgerEntry = Omit<LedgerEntry, 'seq' | 'receivedAt'>;

/** Writes a file so that after a crash it is either the old content or the new, never a mix or empty. */
async function writeDurably(file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
  // The rename itself is durable once the folder is.
  const folder = await open(path.dirname(file), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

export class PublishLedger {
  private entries: LedgerEntry[] = [];
  private nextSeq = 1;
  /** Writes take turns, in the order of the changes. */
  private writing: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  static in(buildsDir: string): PublishLedger {
    return new PublishLedger(path.join(buildsDir, 'publish-ledger.json'));
  }

  async load(): Promise<void> {
    const text = await readFile(this.file, 'utf8').catch(() => null);
    if (text === null) return;
    const parsed = ledgerSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`${this.file} is not a publish ledger: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    this.entries = parsed.data.entries;
    this.nextSeq = parsed.data.nextSeq;
  }

  /** Publishes waiting to be live, oldest first. */
  get pending(): readonly LedgerEntry[] {
    return this.entries;
  }

  /** The newest entry's number (0 when none): what a build starting now covers. */
  get lastSeq(): number {
    return this.entries.at(-1)?.seq ?? 0;
  }

  /** Records a publish; resolves once it is on disk. */
  async record(entry: NewLedgerEntry, now = new Date()): Promise<LedgerEntry> {
    const recorded = { ...entry, seq: this.nextSeq, receivedAt: now.toISOString() };
    this.nextSeq += 1;
    this.entries.push(recorded);
    await this.persist();
    return recorded;
  }

  /** A build that started with entries up to `seq` went live: they are done. */
  async settle(seq: number): Promise<void> {
    const before = this.entries.length;
    this.entries = this.entries.filter((entry) => entry.seq > seq);
    if (this.entries.length !== before) await this.persist();
  }

  private persist(): Promise<void> {
    const write = this.writing.then(() =>
      writeDurably(this.file, JSON.stringify({ version: 1, nextSeq: this.nextSeq, entries: this.entries }, null, 1)),
    );
    this.writing = write.catch(() => undefined);
    return write;
  }
}
