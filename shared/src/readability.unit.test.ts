import { describe, expect, it } from 'vitest';
import { measureReadability, readabilityProblems } from './readability.ts';

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
});
