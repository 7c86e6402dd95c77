/**
 * An unexpected error, for the log: its class, code and stack frames, never its message. A
 * database error's message quotes the statement with its values (a name, an address, a
 * message's text with its code), which the redacting logger cannot all recognise.
 */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return [`${error.name}${typeof code === 'string' || typeof code === 'number' ? ` (${code})` : ''}`, ...frames.slice(0, 8)].join('\n');
}
