import { describe, expect, it } from 'vitest';
import { privacyOfficerFromEnv } from './officer.ts';
import { privacyPageText } from './page-text.ts';
import { retentionFromEnv } from './retention.ts';

describe('retention policy', () => {
  it('has Law 25-minded defaults', () => {
    expect(retentionFromEnv({})).toEqual({ signatureMonthsAfterClose: 6, consultationContactDaysAfterClose: 30, registrationDaysAfterEvent: 30, suspectDays: 30, contactRequestDays: 90, handRequestMonthsAfterResolved: 6, trainingProgressMonthsIdle: 24, threadMessageMonths: 12, peerSessionMonthsAfterEnd: 12, spaceResourceMonths: 24, spaceInactiveMemberMonths: 24 });
  });
  it('reads overrides and names the variable when one is wrong', () => {
    expect(retentionFromEnv({ RETENTION_SIGNATURE_MONTHS_AFTER_CLOSE: '12' }).signatureMonthsAfterClose).toBe(12);
    expect(retentionFromEnv({ RETENTION_CONSULTATION_CONTACT_DAYS_AFTER_CLOSE: '0' }).consultationContactDaysAfterClose).toBe(0);
    expect(() => retentionFromEnv({ RETENTION_SUSPECT_DAYS: 'trente' })).toThrow(/RETENTION_SUSPECT_DAYS/);
    expect(() => retentionFromEnv({ RETENTION_REGISTRATION_DAYS_AFTER_EVENT: '0' })).toThrow(/RETENTION_REGISTRATION_DAYS_AFTER_EVENT/);
  });
});

describe('privacy page', () => {
  it('names the configured person in charge and the periods actually applied, in both languages', () => {
    const officer = privacyOfficerFromEnv({ PRIVACY_OFFICER_NAME: 'Marie Tremblay', PRIVACY_OFFICER_EMAIL: 'prp@ciusss.example', PRIVACY_ORGANIZATION: 'CIUSSS du Nord' });
    const retention = retentionFromEnv({ RETENTION_SIGNATURE_MONTHS_AFTER_CLOSE: '9' });
    for (const locale of ['fr', 'en'] as const) {
      const text = JSON.stringify(privacyPageText(locale, officer, retention));
      expect(text).toContain('Marie Tremblay');
      expect(text).toContain('prp@ciusss.example');
      expect(text).toMatch(/9 (mois|months)/);
      expect(text).toContain('30');
    }
    const atClosing = retentionFromEnv({ RETENTION_CONSULTATION_CONTACT_DAYS_AFTER_CLOSE: '0' });
    expect(JSON.stringify(privacyPageText('fr', officer, atClosing))).toContain('effacées à la fermeture de la consultation');
    expect(JSON.stringify(privacyPageText('en', officer, retention))).toContain('erased 30 days after the consultation closes');
    const inactive = retentionFromEnv({ RETENTION_SPACE_INACTIVE_MEMBER_MONTHS: '18' });
    expect(JSON.stringify(privacyPageText('fr', officer, inactive))).toContain('après 18 mois sans connexion, elle est effacée');
    expect(JSON.stringify(privacyPageText('en', officer, inactive))).toContain('after 18 months without signing in, it is erased');
  });
  it('refuses an invalid contact email instead of publishing it', () => {
    expect(() => privacyOfficerFromEnv({ PRIVACY_OFFICER_EMAIL: 'pas un courriel' })).toThrow(/EMAIL/);
  });
});
