import { sniffDocument } from './file-sniff';
import { stripOffice } from './office-strip';
import { stripPdf } from './pdf-strip';

/**
 * PDFs and office files shared in the space lose what tells who made them and when (images are
 * re-encoded by sharp in resource-files.ts). The result is checked as an upload is: it must be
 * read again as the same kind, still passive, within the size limit; anything else is refused by
 * the caller, never kept as sent. See docs/decisions/0057-shared-documents-lose-their-metadata.md.
 */
export type StrippableKind = 'pdf' | 'odt' | 'ods' | 'docx' | 'xlsx';

export interface StripOptions {
  qpdf: string;
  workDir: string;
  maxBytes: number;
}

/**
 * `active`: the rewritten file names active content the first check could not see (a PDF that
 * opens without a password but whose object streams were encrypted: decrypted here, read again).
 */
export type StripResult = { ok: true; bytes: Buffer } | { ok: false; reason: 'active' | 'unstrippable' };

export async function stripDocument(bytes: Buffer, kind: StrippableKind, options: StripOptions): Promise<StripResult> {
  let stripped: Buffer | null;
  try {
    stripped = kind === 'pdf' ? await stripPdf(bytes, { qpdf: options.qpdf, workDir: options.workDir }) : stripOffice(bytes, kind);
  } catch {
    // Whatever a crafted file makes the rewrite throw ends as a refusal, never a 500 or a file kept as sent.
    stripped = null;
  }
  if (!stripped || stripped.length === 0 || stripped.length > options.maxBytes) return { ok: false, reason: 'unstrippable' };
  const again = sniffDocument(stripped);
  if (!again.ok && again.reason === 'active') return { ok: false, reason: 'active' };
  return again.ok && again.kind === kind ? { ok: true, bytes: stripped } : { ok: false, reason: 'unstrippable' };
}
