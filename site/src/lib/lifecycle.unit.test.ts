import { describe, expect, it } from 'vitest';
import { callSchema, consultationSchema, eventSchema, petitionSchema } from '@passerelle/shared';
import {
  aClosedCall,
  aClosedConsultation,
  aClosedPetition,
  anOpenCall,
  anOpenConsultation,
  anOpenPetition,
  anUpcomingConsultation,
  anUpcomingEvent,
  aPastEvent,
  toGraphqlNode,
  type Fixture,
} from '@passerelle/shared/testing';
import { byPeriod, callIsCurrent, consultationState, eventIsCurrent, petitionIsCurrent } from './lifecycle.ts';
import { pageCount, pageItems, pageParams, pagePath } from './paginate.ts';

const now = new Date('2026-11-28T17:00:00Z');
/** The item as the loader receives it at `now`, with node fields replaced. */
const node = (fixture: Fixture, fields: Record<string, unknown> = {}) => ({ ...toGraphqlNode(fixture, { now }), ...fields });

describe('lifecycle at build time', () => {
  it('sorts events into upcoming and past', () => {
    expect(eventIsCurrent(eventSchema.parse(node(anUpcomingEvent())), now)).toBe(true);
    expect(eventIsCurrent(eventSchema.parse(node(aPastEvent())), now)).toBe(false);
  });

  it('keeps a call open through its deadline day', () => {
    expect(callIsCurrent(callSchema.parse(node(anOpenCall())), now)).toBe(true);
    expect(callIsCurrent(callSchema.parse(node(aClosedCall())), now)).toBe(false);
    expect(callIsCurrent(callSchema.parse(node(anOpenCall(), { deadline: '2026-11-28' })), now)).toBe(true);
  });

  it('tells upcoming, open and closed consultations apart', () => {
    expect(consultationState(consultationSchema.parse(node(anOpenConsultation())), now)).toBe('open');
    expect(consultationState(consultationSchema.parse(node(anUpcomingConsultation())), now)).toBe('upcoming');
    expect(consultationState(consultationSchema.parse(node(aClosedConsultation())), now)).toBe('closed');
  });

  it('treats only open petitions before their closing date as current', () => {
    expect(petitionIsCurrent(petitionSchema.parse(node(anOpenPetition())), now)).toBe(true);
    expect(petitionIsCurrent(petitionSchema.parse(node(aClosedPetition())), now)).toBe(false);
  });

  it('orders current items soonest first and the archive latest first', () => {
    const events = [3, 1, 2, -5, -1].map((days, i) =>
      eventSchema.parse(node(anUpcomingEvent(), { slug: `e${i}`, startsAt: new Date(now.getTime() + days * 86400_000).toISOString(), endsAt: null })),
    );
    expect(byPeriod('events', events, 'current', now).map((e) => e.slug)).toEqual(['e1', 'e2', 'e0']);
    expect(byPeriod('events', events, 'archive', now).map((e) => e.slug)).toEqual(['e4', 'e3']);
  });
});

describe('current consultations', () => {
  it('lists open ones (closing soonest first) before those not open yet', () => {
    const list = [
      consultationSchema.parse(node(anUpcomingConsultation(), { slug: 'later', opensAt: '2026-12-01T14:00:00Z', closesAt: '2026-12-02T14:00:00Z' })),
      consultationSchema.parse(node(anOpenConsultation(), { slug: 'open-long', closesAt: '2027-01-30T14:00:00Z' })),
      consultationSchema.parse(node(anOpenConsultation(), { slug: 'open-short', closesAt: '2026-12-20T14:00:00Z' })),
    ];
    expect(byPeriod('consultations', list, 'current', now).map((c) => c.slug)).toEqual(['open-short', 'open-long', 'later']);
  });
});

describe('pagination', () => {
  it('makes pages of 20 with page 1 at the list root', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(41)).toBe(3);
    expect(pageItems([...Array(45).keys()], 3)).toEqual([40, 41, 42, 43, 44]);
    expect(pagePath('/evenements/', 1)).toBe('/evenements/');
    expect(pagePath('/evenements/', 2)).toBe('/evenements/2/');
    expect(pageParams(21).map((p) => p.params.page)).toEqual([undefined, '2']);
  });
});
