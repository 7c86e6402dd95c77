/**
 * Filtering on `localizations` compares against every version of the other locales, drafts
 * included, so `filters[localizations][title][$contains]=…` would answer yes/no about draft text.
 * For readers who may not see drafts, such conditions are removed (at any depth, in filters and
 * in populate's nested filters).
 */
export function stripLocalizationFilters<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripLocalizationFilters) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'localizations') continue;
    out[key] = stripLocalizationFilters(child);
  }
  return out as T;
}

/** Applies `stripLocalizationFilters` to every `filters` object inside a populate parameter. */
export function stripLocalizationFiltersInPopulate<T>(populate: T): T {
  if (Array.isArray(populate) || !populate || typeof populate !== 'object') return populate;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(populate)) {
    out[key] = key === 'filters' ? stripLocalizationFilters(child) : stripLocalizationFiltersInPopulate(child);
  }
  return out as T;
}
