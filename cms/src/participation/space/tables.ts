import type { Core } from '@strapi/strapi';
import type { SpaceRoundTable } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { roundTableUid } from './sessions';

/**
 * The round tables a member sits at, for their home page: the table's name, its neighbourhoods and
 * its active members' names and organizations. Never a member's email or mobile: nobody's contact
 * details are shown in this first version of the space.
 */
interface Named {
  documentId: string;
  name: string;
}
interface TableRow {
  documentId: string;
  name: string;
  neighbourhoods?: Named[];
  members?: Array<{ documentId: string; name: string; active: boolean; organization?: Named | null }>;
}

/** Published names in `locale` (the other language when a document has none in it). */
export async function namesIn(strapi: Core.Strapi, uid: 'api::neighbourhood.neighbourhood' | 'api::organization.organization', documentIds: string[], locale: Locale): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (documentIds.length === 0) return names;
  for (const language of [locale, locale === 'fr' ? 'en' : 'fr']) {
    const rows = (await strapi.documents(uid).findMany({ filters: { documentId: { $in: documentIds } }, locale: language, status: 'published', fields: ['name'] })) as unknown as Named[];
    for (const row of rows) if (!names.has(row.documentId)) names.set(row.documentId, row.name);
  }
  return names;
}

export async function roundTablesOf(strapi: Core.Strapi, memberDocumentId: string, locale: Locale): Promise<SpaceRoundTable[]> {
  const rows = (await strapi.db.query(roundTableUid).findMany({
    where: { members: { documentId: memberDocumentId } },
    select: ['documentId', 'name'],
    orderBy: { name: 'asc' },
    populate: {
      neighbourhoods: { select: ['documentId', 'name'] },
      members: { select: ['documentId', 'name', 'active'], orderBy: { name: 'asc' }, populate: { organization: { select: ['documentId', 'name'] } } },
    },
  })) as TableRow[];
  const unique = (items: Array<Named | null | undefined>) => [...new Set(items.filter((x): x is Named => Boolean(x)).map((x) => x.documentId))];
  const places = await namesIn(strapi, 'api::neighbourhood.neighbourhood', unique(rows.flatMap((r) => r.neighbourhoods ?? [])), locale);
  const organizations = await namesIn(strapi, 'api::organization.organization', unique(rows.flatMap((r) => (r.members ?? []).map((m) => m.organization))), locale);
  return rows.map((row) => {
    const seen = new Set<string>();
    const members = (row.members ?? []).filter((m) => m.active && !seen.has(m.documentId) && seen.add(m.documentId));
    return {
      documentId: row.documentId,
      name: row.name,
      neighbourhoods: unique(row.neighbourhoods ?? []).map((id) => places.get(id) ?? (row.neighbourhoods ?? []).find((n) => n.documentId === id)!.name),
      members: members.map((m) => ({ name: m.name, organization: m.organization ? (organizations.get(m.organization.documentId) ?? m.organization.name) : null })),
    };
  });
}
