import { describe, expect, it } from 'vitest';
import { foldForSearch, slugify } from './slug.ts';

describe('slugify', () => {
  it('strips French accents and punctuation', () => {
    expect(slugify("Fête de l'hiver à Saint-Michel")).toBe('fete-de-l-hiver-a-saint-michel');
  });
  it('expands ligatures instead of dropping them', () => {
    expect(slugify('Cœur du quartier — Æsop')).toBe('coeur-du-quartier-aesop');
  });
  it('never ends on a hyphen when truncated', () => {
    const slug = slugify('Épicerie solidaire '.repeat(10), 20);
    expect(slug.length).toBeLessThanOrEqual(20);
    expect(slug).not.toMatch(/-$/);
  });
  it('gives an empty slug for text without letters or digits', () => {
    expect(slugify('« — »')).toBe('');
  });
});

describe('foldForSearch', () => {
  it('compares names the way residents type them', () => {
    expect(foldForSearch('  Côte-des-Neiges ')).toBe(foldForSearch('cote-des-neiges'));
  });
});
