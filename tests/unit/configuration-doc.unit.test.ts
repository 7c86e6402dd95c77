import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configurationDoc, docPath } from '../../scripts/configuration-doc.mjs';

describe('docs/configuration.md', () => {
  it('is what scripts/configuration-doc.mjs writes from the configuration schemas (run it after changing a variable)', async () => {
    const generated = await configurationDoc();
    expect(generated).toMatch(/\| `RETENTION_SUSPECT_DAYS` \|/);
    expect(readFileSync(docPath, 'utf8')).toBe(generated);
  });
});
