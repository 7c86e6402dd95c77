import { describe, expect, it } from 'vitest';
import { makeProjection } from './geo.ts';
import {
  boundaryPath,
  countByNeighbourhood,
  densityRadius,
  spreadCircles,
  toMapPoints,
} from './map-density.ts';

describe('countByNeighbourhood', () => {
  it('counts an item once in each of its neighbourhoods', () => {
    const counts = countByNeighbourhood([
      { neighbourhoods: [{ slug: 'villeray' }, { slug: 'saint-michel' }] },
      { neighbourhoods: [{ slug: 'villeray' }, { slug: 'villeray' }] },
      { neighbourhoods: [] },
    ]);
    expect(Object.fromEntries(counts)).toEqual({ villeray: 2, 'saint-michel': 1 });
  });
});

describe('densityRadius', () => {
  it('grows the area with the count, from min to max', () => {
    expect(densityRadius(0, 10)).toBe(6);
    expect(densityRadius(10, 10)).toBe(22);
    const quarter = densityRadius(2.5, 10) ** 2 - 36;
    const full = 22 ** 2 - 36;
    expect(quarter / full).toBeCloseTo(0.25, 1);
  });

  it('never exceeds max and copes with an empty territory', () => {
    expect(densityRadius(50, 10)).toBe(22);
    expect(densityRadius(0, 0)).toBe(6);
  });
});

describe('spreadCircles', () => {
  it('leaves no two circles overlapping, even with the same centre', () => {
    const out = spreadCircles(
      [
        { x: 100, y: 100, r: 20 },
        { x: 100, y: 100, r: 10 },
        { x: 110, y: 95, r: 15 },
      ],
      400,
      300,
    );
    for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!;
        const b = out[j]!;
        expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual(a.r + b.r - 0.5);
      }
    }
  });

  it('keeps circles inside the drawing and keeps extra fields', () => {
    const out = spreadCircles([{ x: -5, y: 500, r: 10, slug: 'a' }], 200, 100);
    expect(out[0]).toEqual({ x: 10, y: 90, r: 10, slug: 'a' });
  });

  it('does not move circles that already have room', () => {
    const input = [
      { x: 20, y: 20, r: 5 },
      { x: 80, y: 80, r: 5 },
    ];
    expect(spreadCircles(input, 100, 100)).toEqual(input);
  });
});

describe('boundaryPath', () => {
  it('projects a polygon to whole pixels and drops points too close together', () => {
    const projection = makeProjection({ minLat: 45.5, maxLat: 45.6, minLng: -73.7, maxLng: -73.6 }, 200, 0);
    const d = boundaryPath(
      {
        type: 'Polygon',
        coordinates: [
          [
            [-73.7, 45.6],
            [-73.69999, 45.6],
            [-73.6, 45.6],
            [-73.6, 45.5],
            [-73.7, 45.5],
            [-73.7, 45.6],
          ],
        ],
      },
      projection.project,
    );
    expect(d).toMatch(/^M0 0L200 0L200 \d+L0 \d+Z$/);
  });
});

describe('toMapPoints', () => {
  const centroids = new Map([['villeray', { lat: 45.5423456, lng: -73.6234567, name: 'Villeray' }]]);

  it('uses the place when there is one and the neighbourhood centroid otherwise', () => {
    const points = toMapPoints(
      [
        { title: 'Soupe', url: '/evenements/soupe/', typeName: 'Événement', place: { lat: 45.5, lng: -73.6 }, neighbourhoods: [] },
        { title: 'Parc', url: '/petitions/parc/', typeName: 'Pétition', place: null, neighbourhoods: [{ slug: 'villeray' }] },
        { title: 'Nulle part', url: '/petitions/x/', typeName: 'Pétition', place: null, neighbourhoods: [{ slug: 'inconnu' }] },
      ],
      centroids,
    );
    expect(points).toEqual([
      { lat: 45.5, lng: -73.6, t: 'Soupe', u: '/evenements/soupe/', k: 'Événement' },
      { lat: 45.54235, lng: -73.62346, t: 'Parc', u: '/petitions/parc/', k: 'Pétition', a: 1, n: 'Villeray' },
    ]);
  });
});
