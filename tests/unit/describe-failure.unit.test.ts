import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../cms/src/logging/describe-failure.ts';

describe('describeFailure (what the log keeps of an unexpected error)', () => {
  it("keeps a database error's class, code and frames, never the statement and its values", () => {
    const error = Object.assign(
      new Error("insert into `outbound_messages` (`body`, `recipient`) values ('Bonjour Marie Tremblay, votre code : 482913', 'marie@example.org') - constraint failed"),
      { name: 'SqliteError', code: 'SQLITE_CONSTRAINT_TRIGGER' },
    );
    const line = describeFailure(error);
    expect(line.split('\n')[0]).toBe('SqliteError (SQLITE_CONSTRAINT_TRIGGER)');
    expect(line).toMatch(/\n\s+at /);
    for (const secret of ['Marie', '482913', 'marie@example.org', 'insert into']) expect(line).not.toContain(secret);
  });

  it('names only the type of something thrown that is not an Error', () => {
    expect(describeFailure('code 482913 for 514-555-0123')).toBe('string');
  });
});
