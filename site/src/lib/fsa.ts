import { pathTo, type Neighbourhood } from '@passerelle/shared';

export interface FsaRow {
  fsa: string;
  neighbourhoods: Array<Pick<Neighbourhood, 'slug' | 'name'>>;
}

/** Every FSA of the territory with the neighbourhoods it covers, in alphabetical order. */
export function fsaTable(neighbourhoods: readonly Neighbourhood[]): FsaRow[] {
  const byFsa = new Map<string, FsaRow['neighbourhoods']>();
  for (const n of neighbourhoods) {
    for (const fsa of n.fsas) byFsa.set(fsa, [...(byFsa.get(fsa) ?? []), { slug: n.slug, name: n.name }]);
  }
  return [...byFsa.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([fsa, list]) => ({ fsa, neighbourhoods: list }));
}

/**
 * `{ "H2R": { "fr": "/quartiers/villeray/", "en": "/en/neighbourhoods/villeray/" } }` for the
 * static server's `?cp=` redirect. An FSA shared by two neighbourhoods goes to the first one by name;
 * English falls back to the French page when the neighbourhood has no English version.
 */
export function fsaRedirects(fr: readonly Neighbourhood[], en: readonly Neighbourhood[]): Record<string, { fr: string; en: string }> {
  const english = new Set(en.map((n) => n.slug));
  const map: Record<string, { fr: string; en: string }> = {};
  for (const { fsa, neighbourhoods } of fsaTable(fr)) {
    const first = neighbourhoods[0];
    if (!first) continue;
    map[fsa] = {
      fr: pathTo('fr', 'neighbourhoods', first.slug),
      en: english.has(first.slug) ? pathTo('en', 'neighbourhoods', first.slug) : pathTo('fr', 'neighbourhoods', first.slug),
    };
  }
  return map;
}
