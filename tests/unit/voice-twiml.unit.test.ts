import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { voicePrompts } from '../../cms/src/participation/voice/prompts.ts';
import { escapeXml, renderResponse, spoken } from '../../cms/src/participation/voice/twiml.ts';

/** The phone line's XML and words, without a CMS: what reaches the provider's text-to-speech. */
describe('the phone line’s XML', () => {
  const voices = { fr: 'Polly.Gabrielle-Neural', en: 'Polly.Joanna-Neural' };

  it('escapes every value, in text and attributes, and stays well-formed', () => {
    const nasty = `Soupe & jeux <Hangup/> "chez Lou" l'après-midi`;
    const xml = renderResponse(
      [
        { say: nasty, language: 'fr' },
        { gather: { action: 'https://x.ca/v?a=1&b="2"', finishOnKey: '#', timeout: 6 }, say: [{ say: nasty, language: 'en' }] },
        { redirect: 'https://x.ca/v?a=1&b=<2>' },
        { hangup: true },
      ],
      voices,
    );
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    expect(parsed.Response.Say['#text']).toBe(nasty);
    expect(parsed.Response.Say.language).toBe('fr-CA');
    expect(parsed.Response.Gather.action).toBe('https://x.ca/v?a=1&b="2"');
    expect(parsed.Response.Gather.Say.language).toBe('en-US');
    expect(parsed.Response.Redirect['#text']).toBe('https://x.ca/v?a=1&b=<2>');
    expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&apos;');
  });

  it('plays a file by its absolute URL, escaped', () => {
    const url = 'https://cms.exemple.ca/uploads/episode-1_telephone.mp3?a=1&b=<2>';
    const xml = renderResponse([{ say: 'Le balado.', language: 'fr' }, { play: url }, { hangup: true }], voices);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<Play>https://cms.exemple.ca/uploads/episode-1_telephone.mp3?a=1&amp;b=&lt;2&gt;</Play>');
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    expect(parsed.Response.Play).toBe(url);
  });

  it('never reads a web address from the CMS', () => {
    expect(spoken('Fête  au parc\nhttps://exemple.ca/fete et www.exemple.ca')).toBe('Fête au parc et');
  });

  it('has every prompt in French and in English', () => {
    expect(Object.keys(voicePrompts.en).sort()).toEqual(Object.keys(voicePrompts.fr).sort());
    for (const language of ['fr', 'en'] as const) {
      for (const [key, prompt] of Object.entries(voicePrompts[language])) {
        const text = typeof prompt === 'string' ? prompt : String((prompt as (...args: unknown[]) => string)('X', 'Y', 'Z', null));
        expect(text.trim(), `${language}.${key}`).not.toBe('');
        expect(text, `${language}.${key}`).not.toMatch(/\{[a-z]+\}|undefined/);
      }
    }
  });
});
