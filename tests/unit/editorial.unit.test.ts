import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fallbackReviewers, reviewersOf } from '../../cms/src/editorial/reviewers.ts';

const cmsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cms');

describe('the demo-data checker (node cms/scripts/check-demo-data.mjs)', () => {
  it('passes on the committed demo data', () => {
    const output = execFileSync(process.execPath, [path.join(cmsDir, 'scripts/check-demo-data.mjs')], { encoding: 'utf8' });
    expect(output).toMatch(/^OK: no problems\.$/m);
  });

  it('makes check-demo-data.mjs refuse a summary the CMS would refuse', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'passerelle-demo-'));
    try {
      cpSync(path.join(cmsDir, 'data'), dir, { recursive: true });
      const events = JSON.parse(readFileSync(path.join(dir, 'events.json'), 'utf8'));
      events[0].fr.summary = Array.from({ length: 30 }, () => 'mot').join(' ') + '.';
      writeFileSync(path.join(dir, 'events.json'), JSON.stringify(events));
      let output = '';
      let code = 0;
      try {
        execFileSync(process.execPath, [path.join(cmsDir, 'scripts/check-demo-data.mjs'), dir], { encoding: 'utf8' });
      } catch (error) {
        const failure = error as { status: number; stdout: string; stderr: string };
        code = failure.status;
        output = failure.stdout + failure.stderr;
      }
      expect(code).toBe(1);
      expect(output).toMatch(/events\.json\[0\].*\.fr\.summary: sentences too long/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('who reviews a neighbourhood', () => {
  it('merges the OC lists, lower-cased and without duplicates, skipping malformed values', () => {
    expect(
      reviewersOf([{ ocEmails: ['OC.A@cisss.example.org', 'oc.b@cisss.example.org'] }, { ocEmails: ['oc.a@cisss.example.org', 42, 'nope'] }, { ocEmails: null }, {}]),
    ).toEqual(['oc.a@cisss.example.org', 'oc.b@cisss.example.org']);
  });

  it('reads REVIEW_NOTIFY_EMAIL as a comma-separated list, and refuses a typo loudly', () => {
    expect(fallbackReviewers({ REVIEW_NOTIFY_EMAIL: 'a@example.org, b@example.org' })).toEqual(['a@example.org', 'b@example.org']);
    expect(fallbackReviewers({})).toEqual([]);
    expect(() => fallbackReviewers({ REVIEW_NOTIFY_EMAIL: 'a@example.org; b' })).toThrow(/REVIEW_NOTIFY_EMAIL/);
  });
});
