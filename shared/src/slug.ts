/**
 * French-aware slugs: "Fête de l'hiver à Saint-Michel" → "fete-de-l-hiver-a-saint-michel".
 * Ligatures are expanded before accents are stripped so "cœur" becomes "coeur", not "cur".
 */
export function slugify(input: string, maxLength = 80): string {
  const slug = input
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'Oe')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'Ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, maxLength).replace(/-+$/g, '');
}

/** Accent- and case-insensitive form used to compare names typed by residents ("Cote-des-Neiges"). */
export function foldForSearch(input: string): string {
  return input
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}
