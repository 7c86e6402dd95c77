import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privacyPageText } from '../../shared/src/privacy/page-text.ts';
import { privacyOfficerFromEnv } from '../../shared/src/privacy/officer.ts';
import { privacyPolicyPath, retentionFromEnv } from '../../shared/src/privacy/retention.ts';
import { resetSiteBuildConfig } from '../../site/src/config.ts';
import { retentionPolicy } from '../../site/src/lib/privacy-policy.ts';
import { startStrapi, type StartedStrapi } from '../support/strapi.ts';

/**
 * RETENTION_* are set once, on the CMS: its nightly job applies them, and it serves them at
 * /passerelle/confidentialite.json, where the site's build reads them for the privacy page. A
 * person reading that page reads the periods the CMS applies.
 */
const retention = { RETENTION_SIGNATURE_MONTHS_AFTER_CLOSE: '12', RETENTION_CONSULTATION_CONTACT_DAYS_AFTER_CLOSE: '0', RETENTION_SUSPECT_DAYS: '14' };
let app: StartedStrapi;

beforeAll(async () => {
  app = await startStrapi({ env: retention });
  process.env.CMS_URL = app.baseUrl;
  resetSiteBuildConfig();
});
afterAll(async () => {
  delete process.env.CMS_URL;
  resetSiteBuildConfig();
  await app?.stop();
  for (const name of Object.keys(retention)) delete process.env[name];
});

describe('the privacy policy the CMS serves', () => {
  it('is public JSON with every period the CMS applies, its own settings and defaults alike', async () => {
    const response = await fetch(`${app.baseUrl}${privacyPolicyPath}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      retention: {
        signatureMonthsAfterClose: 12,
        consultationContactDaysAfterClose: 0,
        registrationDaysAfterEvent: 30,
        suspectDays: 14,
        contactRequestDays: 90,
        handRequestMonthsAfterResolved: 6,
        trainingProgressMonthsIdle: 24,
        threadMessageMonths: 12,
        peerSessionMonthsAfterEnd: 12,
        spaceResourceMonths: 24,
        spaceInactiveMemberMonths: 24,
      },
    });
  });

  it("is what the site's build reads for the privacy page", async () => {
    const fromCms = await retentionPolicy();
    expect(fromCms).toEqual(retentionFromEnv(retention));
    expect(JSON.stringify(privacyPageText('fr', privacyOfficerFromEnv({}), fromCms))).toContain('effacés 12 mois après la fermeture');
  });
});
