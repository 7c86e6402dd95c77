import { describe, expect, it } from 'vitest';
import { fitSms, fitSmsKeepingLink, fitSmsList, fitSmsValues, measureSms, smsEncoding } from './sms-length.ts';

describe('measuring a text message', () => {
  it('keeps GSM-7 for plain text and the accents the GSM alphabet has (é, è, à, ù…)', () => {
    expect(smsEncoding('Passerelle: text H2R')).toBe('gsm-7');
    expect(smsEncoding('café, très, à, où, Ç, École')).toBe('gsm-7');
    expect(measureSms('a'.repeat(160))).toEqual({ encoding: 'gsm-7', units: 160, segments: 1 });
    expect(measureSms('a'.repeat(161))).toEqual({ encoding: 'gsm-7', units: 161, segments: 2 });
    expect(measureSms('a'.repeat(306)).segments).toBe(2);
    expect(measureSms('a'.repeat(307)).segments).toBe(3);
  });

  it('counts the extension characters (€, [, ], {, }, ~, |, ^, \\) as two septets', () => {
    expect(measureSms('€'.repeat(80))).toEqual({ encoding: 'gsm-7', units: 160, segments: 1 });
    expect(measureSms('€'.repeat(81)).segments).toBe(2);
  });

  it('switches the whole message to UCS-2 for one ê, « or ’: 70 characters, 67 once split', () => {
    for (const char of ['ê', 'ô', 'î', 'â', '«', '’', 'È', '–']) expect(smsEncoding(`Passerelle ${char}`)).toBe('ucs-2');
    expect(measureSms('ê'.repeat(70))).toEqual({ encoding: 'ucs-2', units: 70, segments: 1 });
    expect(measureSms('ê'.repeat(71)).segments).toBe(2);
    expect(measureSms('ê'.repeat(201)).segments).toBe(3);
    expect(measureSms('ê'.repeat(202)).segments).toBe(4);
  });

  it('counts an emoji as two UTF-16 units', () => {
    expect(measureSms('🙂').units).toBe(2);
  });

  it('counts an empty message as one segment', () => {
    expect(measureSms('').segments).toBe(1);
  });
});

describe('cutting a reply to three segments', () => {
  const link = 'https://www.exemple.ca/evenements/une-activite/';

  it('leaves a message that fits untouched', () => {
    expect(fitSms('Court.', link)).toBe(`Court. ${link}`);
  });

  it('cuts at a word, adds …, and keeps the link whole', () => {
    const long = 'Fête du quartier '.repeat(30);
    const cut = fitSms(long, link);
    expect(measureSms(cut).segments).toBeLessThanOrEqual(3);
    expect(cut.endsWith(`… ${link}`)).toBe(true);
    expect(cut).toMatch(/quartier… https/);
    // As long as it can be: one more word would not fit.
    expect(measureSms(cut).units).toBeGreaterThan(3 * 67 - 20);
  });

  it('keeps a link that ends a finished text', () => {
    const text = `Passerelle : vous êtes inscrit·e à « ${'Très longue activité '.repeat(12)}». Pour annuler : ${link}`;
    const cut = fitSmsKeepingLink(text);
    expect(measureSms(cut).segments).toBeLessThanOrEqual(3);
    expect(cut.endsWith(link)).toBe(true);
  });

  it('cuts the title of a template, not the words that say what its link is for', () => {
    const render = (values: Record<string, string>) => `Passerelle: Your registration is confirmed. “${values.title}”, Sat. Dec. 12, 10:00. To cancel: ${link}annuler?jeton=zQe5UVOeW0g-EYzqhl5tQSt8gJxd4tb2xX5lleSdoKY`;
    const cut = fitSmsValues(render, { title: 'EN Atelier de réparation de vélos et de remise en état des poussettes du quartier' }, ['title']);
    expect(measureSms(cut).segments).toBeLessThanOrEqual(3);
    expect(cut).toMatch(/“EN Atelier [^”]*…”, Sat\. Dec\. 12, 10:00\. To cancel: https:\/\/\S+jeton=\S+$/);
    expect(fitSmsValues(render, { title: 'Vélo' }, ['title'])).toBe(render({ title: 'Vélo' }));
  });

  it('shortens the longest lines of a list, keeping each number', () => {
    const lines = [1, 2, 3].map((n) => `${n}. ${'Assemblée générale du comité de citoyens '.repeat(3)}, sam. 12 déc., 18 h 30`);
    const list = fitSmsList('Passerelle, Villeray–Saint-Michel–Parc-Extension :', lines, 'Textez un numéro pour les détails, PLUS pour la suite.');
    expect(measureSms(list).segments).toBeLessThanOrEqual(3);
    for (const n of [1, 2, 3]) expect(list).toContain(`\n${n}. Assembl`);
    expect(list).toContain('PLUS pour la suite.');
  });
});
