import { describe, expect, it } from 'vitest';
import { measureSms, maxReplySegments } from './sms-length.ts';
import { outcomeDay, outcomeEmail, outcomeSms, type OutcomeMessageInput } from './outcome-messages.ts';

const longTitle = 'Pour une ruelle verte, sécuritaire et accessible à toutes et à tous entre les rues Saint-Gérard et Lajeunesse, avec de l’éclairage, des bancs et des bacs à fleurs entretenus par le quartier, été comme hiver';
const longText = 'L’arrondissement a dit oui : la ruelle sera verdie au printemps. Les travaux commencent en mai. Une rencontre aura lieu au centre communautaire pour choisir les plantes, les bancs et l’éclairage. '.repeat(4).slice(0, 600);
const url = 'https://passerelle.exemple.ca/p/7K2/';
const input = (overrides: Partial<OutcomeMessageInput> = {}): OutcomeMessageInput => ({
  kind: 'petition',
  title: 'Une ruelle verte rue Saint-Gérard',
  status: 'won',
  date: '2026-11-20',
  text: 'L’arrondissement verdira la ruelle au printemps.',
  url,
  ...overrides,
});

describe('the outcome messages', () => {
  it('a calendar day is that day in Québec, whatever the zone of the machine', () => {
    expect(outcomeDay('2026-11-01', 'fr')).toBe('dimanche 1er novembre 2026');
    expect(outcomeDay('2026-07-20', 'en')).toBe('Monday, July 20, 2026');
  });

  it('the email says what it is about, the outcome, its day, its text and the link; nothing about anyone', () => {
    const mail = outcomeEmail('fr', input());
    expect(mail.subject).toBe('Du nouveau : Une ruelle verte rue Saint-Gérard');
    expect(mail.text).toContain('Vous avez signé la pétition « Une ruelle verte rue Saint-Gérard »');
    expect(mail.text).toContain('Demande obtenue, le vendredi 20 novembre 2026.\n\nL’arrondissement verdira la ruelle au printemps.');
    expect(mail.text).toContain(url);
    const consultation = outcomeEmail('en', input({ kind: 'consultation', status: 'decided', text: null }));
    expect(consultation.text).toContain('You answered the consultation');
    expect(consultation.text).toContain('Decision taken on Friday, November 20, 2026.\n\nAll the details');
  });

  it.each(['fr', 'en'] as const)('the text message in %s stays within three segments and keeps the status, day and link whole', (locale) => {
    const sms = outcomeSms(locale, input({ title: longTitle, text: longText }));
    expect(measureSms(sms).segments).toBeLessThanOrEqual(maxReplySegments);
    expect(sms.endsWith(url)).toBe(true);
    expect(sms).toContain(locale === 'fr' ? 'Demande obtenue, le 20 novembre' : 'Demand won on November 20');
    // Short values go whole, and a missing text leaves no double space.
    const short = outcomeSms(locale, input({ text: null }));
    expect(short).not.toMatch(/ {2}/);
    expect(short).toContain('Une ruelle verte rue Saint-Gérard');
  });
});
