import type { Locale, TrainingModule, TrainingUnit } from '@passerelle/shared';
import { entryBySlug, siteContent } from './content.ts';

/** `getStaticPaths` for one page per unit (`[slug]/[unit]/index.astro`, `…/fiche.astro`). */
export async function trainingUnitPaths(locale: Locale) {
  const { trainingModules } = await siteContent(locale);
  return trainingModules.flatMap((module) =>
    module.units.map((unit) => ({ params: { slug: module.slug, unit: String(unit.number) }, props: { slug: module.slug, unit: unit.number } })),
  );
}

/** The module and its unit `number` (from 1); the pages exist only for units that do. */
export async function trainingUnit(locale: Locale, slug: string, number: number): Promise<{ module: TrainingModule; unit: TrainingUnit }> {
  const module = await entryBySlug(locale, 'trainingModules', slug);
  const unit = module?.units[number - 1];
  if (!module || !unit) throw new Error(`no training unit ${slug}/${number} in ${locale}`);
  return { module, unit };
}

/** The same unit in the other locale, when that translation has as many units. */
export async function unitExistsIn(locale: Locale, slug: string, number: number): Promise<boolean> {
  const module = await entryBySlug(locale, 'trainingModules', slug);
  return module !== undefined && module.units.length >= number;
}
