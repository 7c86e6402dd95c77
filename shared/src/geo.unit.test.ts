import { describe, expect, it } from 'vitest';
import { boundsOf, geoUri, isInQuebec, makeProjection, toFsa } from './geo.ts';

describe('isInQuebec', () => {
  it('accepts Montréal, Québec City and Kuujjuaq', () => {
    expect(isInQuebec(45.545, -73.62)).toBe(true);
    expect(isInQuebec(46.81, -71.21)).toBe(true);
    expect(isInQuebec(58.1, -68.4)).toBe(true);
  });
  it('rejects swapped signs, Paris and non-numbers', () => {
    expect(isInQuebec(45.545, 73.62)).toBe(false);
    expect(isInQuebec(48.85, 2.35)).toBe(false);
    expect(isInQuebec(Number.NaN, -73)).toBe(false);
  });
});

describe('toFsa', () => {
  it.each([
    ['h2r 1a1', 'H2R'],
    ['H2R1A1', 'H2R'],
    ['H2R-1A1', 'H2R'],
    ['h2r', 'H2R'],
  ])('%s → %s', (input, fsa) => expect(toFsa(input)).toBe(fsa));
  it.each(['', '123', 'H2', 'D2R 1A1', 'H2R 1A', 'H2R1A1X'])('refuses %j', (input) => expect(toFsa(input)).toBeNull());
});

describe('geoUri', () => {
  it('builds an RFC 5870 URI with a label', () => {
    expect(geoUri(45.5, -73.6, 'Parc Jarry')).toBe('geo:45.500000,-73.600000?q=45.500000,-73.600000(Parc%20Jarry)');
  });
});

describe('makeProjection', () => {
  it('maps the bounds inside the padded box, north up', () => {
    const bounds = boundsOf([
      { lat: 45.5, lng: -73.7 },
      { lat: 45.6, lng: -73.6 },
    ])!;
    const p = makeProjection(bounds, 300, 20);
    const [x1, y1] = p.project(45.6, -73.7);
    const [x2, y2] = p.project(45.5, -73.6);
    expect(x1).toBeCloseTo(20, 0);
    expect(y1).toBeCloseTo(20, 0);
    expect(x2).toBeCloseTo(280, 0);
    expect(y2).toBeCloseTo(p.height - 20, 0);
  });
  it('has no bounds for no points', () => {
    expect(boundsOf([])).toBeNull();
  });
});
