import { describe, expect, it } from 'vitest';
import { consultationSchema, eventSchema, petitionSchema } from '@passerelle/shared';
import {
  aClosedConsultation,
  aClosedPetition,
  anOpenConsultation,
  anOpenPetition,
  anUpcomingConsultation,
  anUpcomingEvent,
  aPastEvent,
  aPetitionNotYetOpen,
  toGraphqlNode,
  type Fixture,
} from '@passerelle/shared/testing';
import { BULLETIN_LIMITS, bulletinDoc, bulletinText, bulletinWeeks, selectBulletin, TEXT_WIDTH, wrapText, type BulletinContext } from './bulletins.ts';

// A Thursday, noon in Québec: "this week and next week" is Monday 30 November to Sunday 13 December.
const now = new Date('2026-12-03T17:00:00Z');
const node = (fixture: Fixture, fields: Record<string, unknown> = {}) => ({ ...toGraphqlNode(fixture, { now }), ...fields });
const event = (startsInDays: number, fields: Record<string, unknown> = {}) => eventSchema.parse(node(anUpcomingEvent({ startsInDays }), fields));
const empty = { events: [], consultations: [], petitions: [] };
const context = (o: Partial<BulletinContext> = {}): BulletinContext => ({
  locale: 'fr',
  slug: 'villeray',
  name: 'Villeray',
  site: new URL('https://passerelle.example'),
  now,
  phone: '514 555-0199',
  ...o,
});

describe('the weeks a bulletin covers', () => {
  it('runs from the Monday of the build’s week to the Sunday of the next, in Québec time', () => {
    expect(bulletinWeeks(now)).toEqual({ from: '2026-11-30', to: '2026-12-13', end: new Date('2026-12-14T05:00:00Z') });
  });

  it('counts a late Sunday evening in Québec (already Monday in UTC) in the week that ends', () => {
    expect(bulletinWeeks(new Date('2026-12-07T03:30:00Z'))).toMatchObject({ from: '2026-11-30', to: '2026-12-13' });
  });

  it('starts on the same day when built on a Monday, and crosses the change of hour', () => {
    const weeks = bulletinWeeks(new Date('2026-10-26T14:00:00Z'));
    expect(weeks).toMatchObject({ from: '2026-10-26', to: '2026-11-08' });
    expect(weeks.end).toEqual(new Date('2026-11-09T05:00:00Z')); // EST again after 1 November
  });
});

describe('what a bulletin lists', () => {
  it('keeps the neighbourhood’s events not over yet that start before the second Sunday ends, soonest first', () => {
    const sunday = event(10, { slug: 'dimanche' });
    const monday = event(11, { slug: 'lundi-suivant' });
    const tomorrow = event(1, { slug: 'demain' });
    const past = eventSchema.parse(node(aPastEvent({ startsInDays: -2 })));
    const elsewhere = event(2, { slug: 'ailleurs', neighbourhoods: [{ slug: 'ahuntsic', name: 'Ahuntsic' }] });
    const picked = selectBulletin({ ...empty, events: [sunday, monday, past, elsewhere, tomorrow] }, 'villeray', now);
    expect(picked.events.map((e) => e.slug)).toEqual(['demain', 'dimanche']);
    expect(picked.moreEvents).toBe(0);
  });

  it('keeps consultations and petitions open now or opening within the weeks: open ones first, by closing date', () => {
    const consultation = consultationSchema.parse(node(anOpenConsultation({ slug: 'consultation-ouverte', closesInDays: 20 })));
    const soonClosing = petitionSchema.parse(node(anOpenPetition({ slug: 'petition-bientot-fermee', closesInDays: 4 })));
    const opening = petitionSchema.parse(node(aPetitionNotYetOpen({ slug: 'petition-a-venir', opensInDays: 2 })));
    const tooLate = consultationSchema.parse(node(anUpcomingConsultation({ slug: 'consultation-trop-tard', opensInDays: 12 })));
    const closedConsultation = consultationSchema.parse(node(aClosedConsultation()));
    const closedPetition = petitionSchema.parse(node(aClosedPetition()));
    const picked = selectBulletin(
      { events: [], consultations: [consultation, tooLate, closedConsultation], petitions: [opening, closedPetition, soonClosing] },
      'villeray',
      now,
    );
    expect(picked.open.map((o) => o.item.slug)).toEqual(['petition-bientot-fermee', 'consultation-ouverte', 'petition-a-venir']);
  });

  it('caps each section and counts what it left off', () => {
    const events = Array.from({ length: BULLETIN_LIMITS.events + 3 }, (_, i) => event(1 + (i % 9), { slug: `e-${i}` }));
    const petitions = Array.from({ length: BULLETIN_LIMITS.open + 2 }, (_, i) => petitionSchema.parse(node(anOpenPetition({ slug: `p-${i}` }))));
    const picked = selectBulletin({ events, consultations: [], petitions }, 'villeray', now);
    expect(picked.events).toHaveLength(BULLETIN_LIMITS.events);
    expect(picked.moreEvents).toBe(3);
    expect(picked.open).toHaveLength(BULLETIN_LIMITS.open);
    expect(picked.moreOpen).toBe(2);
    const doc = bulletinDoc(picked, context());
    expect(doc.events.more).toBe('Et 3 de plus sur passerelle.example/quartiers/villeray');
    expect(doc.open.more).toBe('Et 2 de plus sur passerelle.example/quartiers/villeray');
  });
});

describe('the bulletin in words', () => {
  it('says the weeks, each event’s day, time, place, cost, registration and link in words', () => {
    const kitchen = event(2, { shortCode: '7K2', cost: '5 $', registrationMode: 'phone' });
    const doc = bulletinDoc(selectBulletin({ ...empty, events: [kitchen] }, 'villeray', now), context());
    expect(doc.title).toBe('Bulletin de la semaine\u00a0: Villeray');
    expect(doc.weeks).toBe('Cette semaine et la semaine prochaine\u00a0: du lundi 30 novembre 2026 au dimanche 13 décembre 2026.');
    expect(doc.events.entries[0]).toEqual({
      title: kitchen.title,
      lines: [
        'samedi 5 décembre 2026, de 18 h 30 à 20 h 30',
        `${kitchen.place.venueName}, ${kitchen.place.address}`,
        'Coût\u00a0: 5 $',
        'Inscrivez-vous par téléphone\u00a0: 514-555-0101',
      ],
      link: 'passerelle.example/e/7K2',
      href: `/evenements/${kitchen.slug}/`,
    });
    expect(doc.page).toEqual({ url: 'https://passerelle.example/quartiers/villeray/', printed: 'passerelle.example/quartiers/villeray' });
  });

  it('keeps a cancelled event, says so in its title and instead of its cost and registration', () => {
    const party = event(3, { shortCode: '9FQ', cost: '5 $', registrationMode: 'form', cancelled: true, cancellationNote: 'Reportée.' });
    const entry = bulletinDoc(selectBulletin({ ...empty, events: [party] }, 'villeray', now), context()).events.entries[0]!;
    expect(entry.title).toBe(`Annulé\u00a0: ${party.title}`);
    expect(entry.lines.slice(2)).toEqual(['Cet événement est annulé par ses organisateurs. Ne vous déplacez pas.']);
    expect(entry.link).toBe('passerelle.example/e/9FQ');
    const english = bulletinDoc(selectBulletin({ ...empty, events: [party] }, 'villeray', now), context({ locale: 'en' })).events.entries[0]!;
    expect(english.title).toBe(`Cancelled: ${party.title}`);
  });

  it('gives an item without a short code its page’s address, and English its own paths', () => {
    const doc = bulletinDoc(selectBulletin({ ...empty, events: [event(2, { shortCode: null })] }, 'villeray', now), context({ locale: 'en' }));
    expect(doc.events.entries[0]!.link).toMatch(/^passerelle\.example\/en\/events\/[a-z0-9-]+$/);
    expect(doc.weeks).toBe('This week and next week: from Monday, November 30, 2026 to Sunday, December 13, 2026.');
    expect(doc.page.printed).toBe('passerelle.example/en/neighbourhoods/villeray');
  });

  it('says plainly when there is nothing, and still how to take part; without PLATFORM_PHONE only the link', () => {
    const withPhone = bulletinDoc(selectBulletin(empty, 'villeray', now), context());
    expect(withPhone.events.entries).toEqual([]);
    expect(withPhone.offline.lines).toEqual([
      'Par téléphone\u00a0: appelez le 514 555-0199.',
      expect.stringContaining('envoyez «\u00a0Villeray\u00a0» ou votre code postal au 514 555-0199'),
    ]);
    const text = bulletinText(withPhone, 'fr');
    expect(text).toContain('Aucun événement annoncé pour ces deux semaines');
    expect(text).toContain('Aucune consultation ni pétition ouverte');
    expect(text).toContain('Sur Internet\u00a0: passerelle.example/quartiers/villeray');
    expect(bulletinDoc(selectBulletin(empty, 'villeray', now), context({ phone: null })).offline.lines).toEqual([]);
  });

  it('names the neighbourhood’s key on the phone line when it has one', () => {
    const doc = bulletinDoc(selectBulletin(empty, 'villeray', now), context({ phoneMenuNumber: 12 }));
    expect(doc.offline.lines[0]).toBe('Par téléphone : composez le 514 555-0199, puis le 12 et le carré pour entendre les activités de la semaine.');
  });
});

describe('the plain-text bulletin', () => {
  it('wraps at words within 80 columns, indents continuation lines, and cuts only a word longer than a line', () => {
    const long = 'Atelier '.repeat(30).trim();
    for (const line of wrapText(long, 20, '   ')) expect([...line].length).toBeLessThanOrEqual(20);
    expect(wrapText('un deux trois', 8, '  ', '')).toEqual(['un deux', '  trois']);
    expect(wrapText('de\u00a013\u00a0h', 4)).toEqual(['de\u00a01', '3\u00a0h']);
    expect(wrapText('a '.repeat(3) + 'x'.repeat(12), 10)).toEqual(['a a a', 'xxxxxxxxxx', 'xx']);
  });

  it('has no line over 80 characters, no markup, and numbered entries even at the content limits', () => {
    const title = 'Activité communautaire gratuite pour toute la famille au centre du quartier '.repeat(3).slice(0, 200);
    const events = Array.from({ length: 10 }, (_, i) => event(1 + (i % 9), { title, cost: 'Gratuit pour tout le monde, '.repeat(6), shortCode: 'ABCDEFGH' }));
    const petitions = [petitionSchema.parse(node(anOpenPetition({ fr: { title } })))];
    for (const locale of ['fr', 'en'] as const) {
      const text = bulletinText(bulletinDoc(selectBulletin({ events, consultations: [], petitions }, 'villeray', now), context({ locale })), locale);
      for (const line of text.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(TEXT_WIDTH);
      expect(text).not.toMatch(/[<>*#_]|https?:/);
      expect(text).toMatch(/^1\. Activité communautaire/m);
      expect(text).toMatch(new RegExp(`^${BULLETIN_LIMITS.events}\\. `, 'm'));
      expect(text).not.toMatch(new RegExp(`^${BULLETIN_LIMITS.events + 1}\\. `, 'm'));
      expect(text.endsWith('\n')).toBe(true);
    }
  });
});
