import { describe, expect, it } from 'vitest';
import type { NearbyAccessPoint } from '../../cms/src/participation/sms/access-points-near.ts';
import { openingInWords, placeInWords, spokenAddress, spokenPhone } from '../../cms/src/participation/voice/places.ts';
import { spoken } from '../../cms/src/participation/voice/twiml.ts';

/** What the phone line says of a place to get online, at fixed moments (Montréal time), without a CMS. */
const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const library: NearbyAccessPoint = {
  name: 'Bibliothèque Le Prévost',
  address: '7355, av. Christophe-Colomb, Montréal (Québec) H2R 2S5',
  phone: '514 555-0136',
  openingHours: [...weekdays.filter((d) => d !== 'sunday').map((weekday) => ({ weekday, opens: '10:00', closes: '17:00' })), { weekday: 'saturday', opens: '18:00', closes: '20:00' }],
  closures: [],
  closedOnQuebecHolidays: true,
  offers: ['computers', 'wifi', 'printing'],
  cost: 'free',
};
// 2026-12-07 is a Monday; 17:00Z is noon in Montréal (EST).
const mondayNoon = new Date('2026-12-07T17:00:00Z');

describe('a place to get online, said on the phone', () => {
  it('open now, and until when', () => {
    expect(openingInWords('fr', library, mondayNoon)).toEqual(['Ouvert maintenant, jusqu’à 17 h.']);
    expect(openingInWords('en', library, mondayNoon)).toEqual(['Open now, until 5 p.m.']);
  });

  it('opens later today, between two ranges too', () => {
    expect(openingInWords('fr', library, new Date('2026-12-07T13:30:00Z'))).toEqual(['Ouvre aujourd’hui à 10 h, jusqu’à 17 h.']);
    // Saturday 17:30: the evening range; Christmas, within two weeks, is announced after.
    expect(openingInWords('en', library, new Date('2026-12-12T22:30:00Z'))).toEqual(['Opens today at 6 p.m., until 8 p.m.', 'Closed on Friday, December 25, Christmas Day.']);
  });

  it('closed for today, and when it opens next (skipping Sunday)', () => {
    // Saturday 21:00: Sunday is closed, Monday 10:00 is next.
    expect(openingInWords('fr', library, new Date('2026-12-13T02:00:00Z'))).toEqual(['Fermé pour aujourd’hui.', 'Rouvre le lundi 14 décembre à 10 h.', 'Fermé le vendredi 25 décembre, Noël.']);
  });

  it('closed on a Québec holiday: says which, and the day it reopens; the day before, announces it', () => {
    const christmas = new Date('2026-12-25T17:00:00Z');
    expect(openingInWords('fr', library, christmas)).toEqual(['Fermé aujourd\'hui, Noël.', 'Rouvre le samedi 26 décembre.', 'Fermé le vendredi 1er janvier 2027, Jour de l’An.']);
    expect(openingInWords('en', library, christmas)[0]).toBe('Closed today, Christmas Day.');
    const eve = new Date('2026-12-24T15:00:00Z');
    expect(openingInWords('fr', library, eve)).toEqual(['Ouvert maintenant, jusqu’à 17 h.', 'Fermé le vendredi 25 décembre, Noël.']);
  });

  it('a closure of its own wins over the hours, with its reason', () => {
    const closed = { ...library, closures: [{ startDate: '2026-12-07', endDate: '2026-12-08', reasonFr: 'Rénovations', reasonEn: 'Renovations' }] };
    expect(openingInWords('fr', closed, mondayNoon)).toEqual(['Fermé aujourd\'hui, Rénovations.', 'Rouvre le mercredi 9 décembre.']);
  });

  it('no hours: says to call first', () => {
    expect(openingInWords('fr', { ...library, openingHours: [] }, mondayNoon)).toEqual(['Heures non indiquées : appelez avant de vous déplacer.']);
  });

  it('the whole place: name, address in words, opening, offers, cost, phone in groups', () => {
    expect(placeInWords('fr', library, 2, mondayNoon)).toBe(
      'Numéro 2. Bibliothèque Le Prévost. 7355, avenue Christophe-Colomb, Montréal, Québec. Ouvert maintenant, jusqu’à 17 h. Sur place : Ordinateurs publics, Wi-Fi gratuit, Impression. Gratuit. Téléphone : 5 1 4, 5 5 5, 0 1 3 6.',
    );
    expect(placeInWords('en', { ...library, cost: 'low_cost', phone: null, offers: [] }, 1, mondayNoon)).toBe(
      'Number 1. Bibliothèque Le Prévost. 7355, avenue Christophe-Colomb, Montréal, Québec. Open now, until 5 p.m. Low cost.',
    );
  });

  it('addresses and phone numbers made to be heard', () => {
    expect(spokenAddress('1234, boul. St-Laurent, bur. 200, Montréal QC H2X 1Y3')).toBe('1234, boulevard Saint-Laurent, bureau 200, Montréal Québec');
    expect(spokenAddress('8550, ch. de la Côte-de-Liesse, https://exemple.ca')).toBe('8550, chemin de la Côte-de-Liesse');
    expect(spokenPhone('(514) 555-0136', 'fr')).toBe('5 1 4, 5 5 5, 0 1 3 6');
    expect(spokenPhone('1-800-555-0199', 'en')).toBe('1, 8 0 0, 5 5 5, 0 1 9 9');
    expect(spokenPhone('514-555-0136 poste 221', 'fr')).toBe('5 1 4, 5 5 5, 0 1 3 6, poste 2 2 1');
    expect(spokenPhone('514.555.0136 ext. 4', 'en')).toBe('5 1 4, 5 5 5, 0 1 3 6, extension 4');
    expect(spokenPhone('211', 'fr')).toBe('2 1 1');
  });

  it('reads no emoji', () => {
    expect(spoken('Café 📚 Wi-Fi 👩🏽‍💻 gratuit 🇨🇦 !')).toBe('Café Wi-Fi gratuit !');
  });
});
