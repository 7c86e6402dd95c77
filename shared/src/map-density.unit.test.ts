import { describe, expect, it } from 'vitest';
import { makeProjection } from './geo.ts';
import {
  boundaryPath,
  countByNeighbourhood,
  densityRadius,
  overviewPoints,
  pointsByNeighbourhood,
  spreadCircles,
  unseenPoints,
  type MapPoint,
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

describe('pointsByNeighbourhood', () => {
  const centroids = new Map([
    ['villeray', { lat: 45.5423456, lng: -73.6234567, name: 'Villeray' }],
    ['saint-michel', { lat: 45.58, lng: -73.6, name: 'Saint-Michel' }],
    ['vide', { lat: 45.4, lng: -73.5, name: 'Vide' }],
  ]);
  const item = (title: string, place: { lat: number; lng: number } | null, ...slugs: string[]) => ({
    title,
    url: `/x/${title}/`,
    typeName: 'Événement',
    place,
    neighbourhoods: slugs.map((slug) => ({ slug })),
  });

  it('puts an item with a place in each of its neighbourhoods, at that place', () => {
    const out = pointsByNeighbourhood([item('soupe', { lat: 45.5, lng: -73.6 }, 'villeray', 'saint-michel')], centroids);
    const soupe = { lat: 45.5, lng: -73.6, t: 'soupe', u: '/x/soupe/', k: 'Événement' };
    expect(out.get('villeray')).toEqual([soupe]);
    expect(out.get('saint-michel')).toEqual([soupe]);
  });

  it('places an item without a place at each neighbourhood centroid, marked approximate', () => {
    const out = pointsByNeighbourhood([item('parc', null, 'villeray', 'villeray', 'inconnu')], centroids);
    expect(out.get('villeray')).toEqual([
      { lat: 45.54235, lng: -73.62346, t: 'parc', u: '/x/parc/', k: 'Événement', a: 1, n: 'Villeray' },
    ]);
    expect(out.get('saint-michel')).toEqual([]);
  });

  it('gives an item with a place but no known neighbourhood to the nearest one, drops one with neither', () => {
    const out = pointsByNeighbourhood(
      [item('nord', { lat: 45.59, lng: -73.61 }, 'inconnu'), item('nulle-part', null, 'inconnu')],
      centroids,
    );
    expect(out.get('saint-michel')?.map((p) => p.t)).toEqual(['nord']);
    expect([...out.values()].flat()).toHaveLength(1);
  });

  it('has an entry for every neighbourhood, so every file exists', () => {
    expect([...pointsByNeighbourhood([], centroids).keys()]).toEqual(['villeray', 'saint-michel', 'vide']);
  });
});

describe('overviewPoints', () => {
  it('lists neighbourhoods that have points, with their count, in the given order', () => {
    const point: MapPoint = { lat: 1, lng: 2, t: 't', u: '/u/', k: 'k' };
    const overview = overviewPoints(
      [
        { slug: 'villeray', name: 'Villeray', lat: 45.5423456, lng: -73.6234567 },
        { slug: 'vide', name: 'Vide', lat: 45.4, lng: -73.5 },
        { slug: 'absent', name: 'Absent', lat: 45.4, lng: -73.5 },
      ],
      new Map([
        ['villeray', [point, { ...point, u: '/v/' }]],
        ['vide', []],
      ]),
    );
    expect(overview).toEqual([{ s: 'villeray', n: 'Villeray', lat: 45.54235, lng: -73.62346, c: 2 }]);
  });
});

describe('unseenPoints', () => {
  it('drops points already shown from another neighbourhood, keeps the same item at another spot', () => {
    const shown = new Set<string>();
    const here: MapPoint = { lat: 45.5, lng: -73.6, t: 'Soupe', u: '/evenements/soupe/', k: 'Événement' };
    expect(unseenPoints([here], shown)).toEqual([here]);
    const elsewhere = { ...here, lat: 45.6 };
    expect(unseenPoints([here, elsewhere], shown)).toEqual([elsewhere]);
  });
});
