import { describe, expect, it } from 'vitest';
import { callKinds } from './content/call.ts';
import { questionKinds } from './content/consultation.ts';
import { organizationKinds } from './content/organization.ts';
import { petitionStatuses } from './content/petition.ts';
import { confirmedCountSentence, enumKey, isErrorKey, messages, t, toLocale } from './i18n.ts';

describe('the dictionary', () => {
  it('has the same keys in French and English, all camelCase, none empty', () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages.fr).sort());
    for (const locale of ['fr', 'en'] as const) {
      for (const [key, text] of Object.entries(messages[locale])) {
        expect(key).toMatch(/^[a-z][a-zA-Z0-9]*$/);
        expect(text.trim(), `${locale}.${key}`).not.toBe('');
      }
    }
  });

  it('uses the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();
    for (const key of Object.keys(messages.fr) as Array<keyof typeof messages.fr>) {
      expect(placeholders(messages.en[key]), key).toEqual(placeholders(messages.fr[key]));
    }
  });

  it('labels every enumerated value of the content model', () => {
    const labelled = [
      ...callKinds.map((v) => enumKey('callKind', v)),
      ...questionKinds.map((v) => enumKey('questionKind', v)),
      ...organizationKinds.map((v) => enumKey('orgKind', v)),
      ...petitionStatuses.map((v) => enumKey('petitionStatus', v)),
    ];
    for (const key of labelled) expect(Object.hasOwn(messages.fr, key), key).toBe(true);
    expect(enumKey('callKind', 'public_meeting')).toBe('callKindPublicMeeting');
    expect(t('fr', enumKey('orgKind', 'community_group'))).toBe('Groupe communautaire');
  });
});

describe('t()', () => {
  it('fills placeholders and leaves unknown ones as written', () => {
    expect(t('fr', 'pageOf', { n: 2, total: 5 })).toBe('page 2 sur 5');
    expect(t('en', 'pageOf', { n: 2 })).toBe('page 2 of {total}');
    expect(t('en', 'navMap')).toBe('Map');
  });

  it('does not escape: HTML is escaped where it is rendered', () => {
    expect(t('en', 'confirmBody', { title: '<b>' })).toContain('“<b>”');
  });
});

describe('form errors and locales', () => {
  it('recognises error keys only', () => {
    expect(isErrorKey('errNameRequired')).toBe(true);
    expect(isErrorKey('errorSummaryTitle')).toBe(false);
    expect(isErrorKey('errNotAKey')).toBe(false);
    expect(isErrorKey('Required')).toBe(false);
  });

  it('answers in French unless English is asked for', () => {
    expect(toLocale('en')).toBe('en');
    for (const value of ['fr', 'EN', '', null, undefined, 3]) expect(toLocale(value)).toBe('fr');
  });

  it('says the confirmed count with the locale’s numbers and plural', () => {
    expect(confirmedCountSentence('fr', 1)).toBe('La pétition compte maintenant 1 signature, en ligne et sur papier.');
    expect(confirmedCountSentence('en', 1234)).toBe('The petition now has 1,234 signatures, online and on paper.');
  });
});
