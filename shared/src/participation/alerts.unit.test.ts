import { describe, expect, it } from 'vitest';
import { t } from '../i18n.ts';
import { alertPaths, digestEmail, digestSms, newItemSms, parseAlertSubscription, renderAlertForm, weekdayName, type DigestLine } from './alerts.ts';
import { maxReplySegments, measureSms } from './sms-length.ts';

const longTitle = 'Assemblée générale extraordinaire du comité des citoyennes et citoyens pour l’aménagement sécuritaire des rues près de l’école Saint-Gérard';
const place = 'Villeray–Saint-Michel–Parc-Extension';
const line = (n: number, title = longTitle): DigestLine => ({
  kind: n % 2 ? 'event' : 'petition',
  title,
  when: 'mer. 30 sept., 18 h 30',
  url: `https://passerelle.exemple.ca/evenements/item-${n}/`,
  shortUrl: `https://passerelle.exemple.ca/e/7K${n}/`,
});

describe('the alert form', () => {
  it('parses a neighbourhood subscription by email, weekly', () => {
    const parsed = parseAlertSubscription({ neighbourhood: 'villeray', email: ' Marie@Exemple.CA ', locale: 'fr' });
    expect(parsed).toEqual({ ok: true, value: expect.objectContaining({ neighbourhood: 'villeray', area: 'neighbourhood', topic: null, email: 'marie@exemple.ca', phone: null, rightAway: false, website: false }) });
  });

  it('keeps a territory, a topic, a phone and "right away"', () => {
    const parsed = parseAlertSubscription({ neighbourhood: 'villeray', area: 'territory', topic: 'logement', phone: '514 555-0100', rightAway: 'yes', locale: 'en' });
    expect(parsed.ok && parsed.value).toMatchObject({ area: 'territory', topic: 'logement', phone: '+15145550100', rightAway: true, locale: 'en' });
  });

  it('asks for a place and a way to write, all errors at once', () => {
    const parsed = parseAlertSubscription({ neighbourhood: '', email: '', phone: '' });
    expect(parsed).toEqual({ ok: false, errors: { neighbourhood: 'errAlertPlace', email: 'errContactAnyRequired' } });
    expect(parseAlertSubscription({ neighbourhood: '../admin', email: 'a@b.ca' })).toEqual({ ok: false, errors: { neighbourhood: 'errAlertPlace' } });
    expect(parseAlertSubscription({ neighbourhood: 'villeray', email: 'pas-un-courriel' })).toMatchObject({ ok: false, errors: { email: 'errEmailInvalid' } });
  });

  it('renders a plain form that posts to the write path, values kept and errors linked', () => {
    const html = renderAlertForm({
      locale: 'fr',
      scope: { kind: 'topic', slug: 'logement', name: 'Logement', neighbourhoods: [{ slug: 'villeray', name: 'Villeray' }] },
      values: { neighbourhood: '', email: 'x<y' },
      errors: { neighbourhood: 'errAlertPlace' },
    });
    expect(html).toContain(`action="${alertPaths.subscribe}"`);
    expect(html).toContain('name="topic" value="logement"');
    expect(html).toContain('href="#alerte-neighbourhood"');
    expect(html).toContain('value="x&lt;y"');
    expect(html).not.toContain('<script');
  });
});

describe.each(['fr', 'en'] as const)('alert messages in %s', (locale) => {
  it('names the digest day', () => expect(weekdayName(locale, 'thursday')).toBe(locale === 'fr' ? 'jeudi' : 'Thursday'));

  it('the weekly text keeps its header, consecutive numbers and the STOP footer within three segments', () => {
    for (const count of [1, 2, 4, 8]) {
      const text = digestSms(locale, place, Array.from({ length: count }, (_, i) => line(i + 1)));
      expect(measureSms(text).segments).toBeLessThanOrEqual(maxReplySegments);
      expect(text.startsWith(t(locale, 'smsAlertDigestHeader', { place }))).toBe(true);
      expect(text.endsWith(t(locale, 'smsAlertDigestFooter'))).toBe(true);
      const numbers = [...text.matchAll(/\n(\d)\. /g)].map((m) => Number(m[1]));
      expect(numbers.length).toBeGreaterThanOrEqual(1);
      expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    }
  });

  it('short items go whole, with their short links', () => {
    const text = digestSms(locale, 'Villeray', [line(1, 'Corvée de ruelle'), line(2, 'Parc Jarry')]);
    expect(text).toContain('1. Corvée de ruelle, mer. 30 sept., 18 h 30 https://passerelle.exemple.ca/e/7K1/');
    expect(text).toContain('\n2. Parc Jarry');
  });

  it('the weekly email lists every item and ends with the one-click stop link', () => {
    const mail = digestEmail(locale, place, [line(1), line(2)], 'https://passerelle.exemple.ca/participer/alertes/arreter?jeton=abc');
    expect(mail.subject).toContain(place);
    expect(mail.text).toContain(line(1).url);
    expect(mail.text).toContain(line(2).url);
    expect(mail.text.trimEnd().endsWith('https://passerelle.exemple.ca/participer/alertes/arreter?jeton=abc')).toBe(true);
  });

  it('a "right away" text keeps its link and its STOP words', () => {
    const text = newItemSms(locale, place, line(2));
    expect(measureSms(text).segments).toBeLessThanOrEqual(maxReplySegments);
    expect(text).toContain(line(2).shortUrl);
    expect(text.endsWith(locale === 'fr' ? 'ARRET pour arreter' : 'STOP to stop')).toBe(true);
  });
});
