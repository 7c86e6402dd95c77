/**
 * A deliberately simple French/English readability measure for summaries: average sentence length
 * in words and the share of long words. Editors get a concrete fix ("split this sentence", "use a
 * shorter word") instead of a score they cannot act on.
 *
 * The CMS refuses summaries that fail it (validate-content.ts) and the demo-data schema applies the
 * same rule, so a demo summary never reaches the seed only to be refused there.
 */
export const READABILITY_LIMITS = {
  /** Average words per sentence above which a summary is refused. */
  maxAverageSentenceWords: 25,
  /** A word of this many letters or more counts as long. */
  longWordLetters: 13,
  /** Share of long words above which a summary is refused. */
  maxLongWordShare: 0.2,
  /** Below this many words the long-word share means little (a title-like "Consultation publique"). */
  minWordsForLongWordShare: 10,
} as const;

export interface Readability {
  words: number;
  sentences: number;
  averageSentenceWords: number;
  longWords: number;
  longWordShare: number;
}

// Letters including accents; apostrophes and hyphens split French words (l’arrondissement → 2 words
// is wrong, but "l" is then a one-letter word and does not count as long, which is what matters).
const WORD = /[\p{L}\p{N}]+/gu;
const SENTENCE_END = /[.!?…;:]+(?=\s|$)|\n+/u;

export function measureReadability(text: string): Readability {
  const sentences = text
    .split(SENTENCE_END)
    .map((s) => s.match(WORD) ?? [])
    .filter((words) => words.length > 0);
  const words = sentences.flat();
  const longWords = words.filter((w) => [...w].filter((c) => /\p{L}/u.test(c)).length >= READABILITY_LIMITS.longWordLetters).length;
  return {
    words: words.length,
    sentences: sentences.length,
    averageSentenceWords: sentences.length === 0 ? 0 : words.length / sentences.length,
    longWords,
    longWordShare: words.length === 0 ? 0 : longWords / words.length,
  };
}

export type ReadabilityProblem = 'longSentences' | 'longWords';

export function readabilityProblems(text: string): ReadabilityProblem[] {
  const r = measureReadability(text);
  const problems: ReadabilityProblem[] = [];
  if (r.averageSentenceWords > READABILITY_LIMITS.maxAverageSentenceWords) problems.push('longSentences');
  if (r.words >= READABILITY_LIMITS.minWordsForLongWordShare && r.longWordShare > READABILITY_LIMITS.maxLongWordShare) {
    problems.push('longWords');
  }
  return problems;
}
