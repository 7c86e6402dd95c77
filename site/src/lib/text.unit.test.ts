import { describe, expect, it } from 'vitest';
import { itemDescription, jsonForScript, MIN_DESCRIPTION_LENGTH, pagefindValue, paragraphs, safeWebUrl, searchSnippet, smsHref, telHref } from './text.ts';

describe('plain CMS text', () => {
  it('splits paragraphs on blank lines and joins soft line breaks', () => {
    expect(paragraphs('Un\ndeux\n\n  Trois  \r\n\r\nQuatre')).toEqual(['Un deux', 'Trois', 'Quatre']);
    expect(paragraphs(null)).toEqual([]);
  });

  it('makes tel: links from numbers as people type them', () => {
    expect(telHref('514 555-0100')).toBe('tel:+15145550100');
    expect(telHref('1-800-555-0100')).toBe('tel:+18005550100');
    expect(telHref('(514) 555-0100, poste 22')).toBe('tel:+15145550100,22');
    expect(smsHref('(514) 555-0100, poste 22')).toBe('sms:+15145550100');
  });

  it('keeps only web links', () => {
    expect(safeWebUrl('https://example.org/x')).toBe('https://example.org/x');
    expect(safeWebUrl('javascript:alert(1)')).toBeNull();
    expect(safeWebUrl('pas une adresse')).toBeNull();
  });

  it('escapes < in JSON-LD so CMS text cannot close the script element', () => {
    const json = jsonForScript({ name: '</script><script>alert(1)</script>' });
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual({ name: '</script><script>alert(1)</script>' });
  });

  it('escapes commas in Pagefind filter values', () => {
    expect(pagefindValue('Villeray, Saint-Michel')).toBe('Villeray\\, Saint-Michel');
  });
});

describe('searchSnippet', () => {
  it('keeps short text as one line', () => {
    expect(searchSnippet('Un repas\n\npartagé ')).toBe('Un repas partagé');
  });
  it('cuts long text at a word, with an ellipsis, within the limit', () => {
    const text = 'mot '.repeat(100);
    const snippet = searchSnippet(text, 50);
    expect(snippet.length).toBeLessThanOrEqual(50);
    expect(snippet.endsWith('mot…')).toBe(true);
  });
});

describe('meta descriptions of items', () => {
  const more = 'Événement : où, quand et comment y prendre part.';
  it('keeps a summary long enough to say what the page is about', () => {
    const summary = 'Un atelier de cuisine collective au sous-sol de l’église, pour toute la famille.';
    expect(itemDescription(summary, more)).toBe(summary);
  });
  it('completes a one-line summary with what the page offers', () => {
    const description = itemDescription('Atelier de cuisine.', more);
    expect(description).toBe('Atelier de cuisine. Événement : où, quand et comment y prendre part.');
    expect(description.length).toBeGreaterThanOrEqual(MIN_DESCRIPTION_LENGTH);
  });
});
