import { describe, expect, it } from 'vitest';
import { neighbourhoodSchema } from '@passerelle/shared';
import { aNeighbourhood, toGraphqlNode } from '@passerelle/shared/testing';
import { fsaRedirects, fsaTable } from './fsa.ts';

const hood = (slug: string, name: string, fsas: string[], locale: 'fr' | 'en' = 'fr') =>
  neighbourhoodSchema.parse(toGraphqlNode(aNeighbourhood({ slug, fsas, fr: { name }, en: { name } }), { locale }));

describe('postal-code table', () => {
  const fr = [hood('parc-extension', 'Parc-Extension', ['H3N', 'H2R']), hood('villeray', 'Villeray', ['H2R', 'H2E'])];

  it('lists every FSA once, alphabetically, with all its neighbourhoods', () => {
    expect(fsaTable(fr)).toEqual([
      { fsa: 'H2E', neighbourhoods: [{ slug: 'villeray', name: 'Villeray' }] },
      { fsa: 'H2R', neighbourhoods: [{ slug: 'parc-extension', name: 'Parc-Extension' }, { slug: 'villeray', name: 'Villeray' }] },
      { fsa: 'H3N', neighbourhoods: [{ slug: 'parc-extension', name: 'Parc-Extension' }] },
    ]);
  });

  it('maps each FSA to one page per locale, falling back to French when English is missing', () => {
    const redirects = fsaRedirects(fr, [hood('villeray', 'Villeray', ['H2R', 'H2E'], 'en')]);
    expect(redirects.H2E).toEqual({ fr: '/quartiers/villeray/', en: '/en/neighbourhoods/villeray/' });
    expect(redirects.H3N).toEqual({ fr: '/quartiers/parc-extension/', en: '/quartiers/parc-extension/' });
  });
});
