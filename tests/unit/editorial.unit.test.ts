import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fallbackReviewers, reviewersOf } from '../../cms/src/editorial/reviewers.ts';
import { measureReadability, READABILITY_LIMITS, readabilityProblems } from '../../cms/src/lib/readability.ts';

const cmsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cms');

describe('summary readability', () => {
  it('counts sentences and long words in French', () => {
    const r = measureReadability('Venez jardiner avec nous. Les outils sont fournis ! Bienvenue aux familles…');
    expect(r.sentences).toBe(3);
    expect(r.words).toBe(11);
    expect(r.longWords).toBe(0);
  });

  it('treats accented letters as letters and ignores digits and apostrophes in word length', () => {
    // "intergénérationnel" has 18 letters; "l’arrondissement" splits into "l" + "arrondissement" (14).
    const r = measureReadability('Un café intergénérationnel dans l’arrondissement, le 12 mars.');
    expect(r.longWords).toBe(2);
  });

  it('flags long sentences and dense vocabulary, not short plain text', () => {
    const long = Array.from({ length: 30 }, () => 'mot').join(' ') + '.';
    expect(readabilityProblems(long)).toEqual(['longSentences']);
    expect(readabilityProblems('Accompagnement intersectoriel personnalisé et concertation multidisciplinaire pour revitalisation urbaine des quartiers.')).toEqual([
      'longWords',
    ]);
    // Too few words for the long-word share to mean anything.
    expect(readabilityProblems('Consultation intergénérationnelle.')).toEqual([]);
    expect(readabilityProblems('Apportez vos gants. Nous fournissons les outils.')).toEqual([]);
  });

  it('has the same limits as the dependency-free copy in check-demo-data.mjs', () => {
    const script = readFileSync(path.join(cmsDir, 'scripts/check-demo-data.mjs'), 'utf8');
    const line = /const READABILITY_LIMITS = (\{[^}]+\});/.exec(script)?.[1];
    expect(line).toBeDefined();
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- evaluates an object literal read from our own script, to compare it with the CMS's
    const copy = Function(`return (${line})`)() as Record<string, number>;
    expect(copy).toEqual({ ...READABILITY_LIMITS });
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
