import type { Core } from '@strapi/strapi';

interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
}

/**
 * How many rows of `uid` point at each of `targetIds` through its many-to-one `attribute` (messages
 * per resource, replies per request): one grouped COUNT on the relation's join table, the same SQL
 * on SQLite and PostgreSQL, instead of loading every row to count it in JavaScript. The join table
 * is read from Strapi's metadata, never spelled here; draft-and-publish types would hold one link
 * per version, which is why this is only for the space's types (none of them has drafts).
 */
export async function countsByRelation(strapi: Core.Strapi, uid: string, attribute: string, targetIds: number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (targetIds.length === 0) return counts;
  const { joinTable } = strapi.db.metadata.get(uid).attributes[attribute] as { joinTable?: JoinTable };
  if (!joinTable) throw new Error(`${uid}.${attribute} has no join table`);
  const target = joinTable.inverseJoinColumn.name;
  const rows = (await strapi.db
    .connection(joinTable.name)
    .select({ target })
    // PostgreSQL returns a COUNT as a string (bigint): read back with Number.
    .count({ n: '*' })
    .whereIn(target, targetIds)
    .groupBy(target)) as Array<{ target: number | string; n: number | string }>;
  for (const row of rows) counts.set(Number(row.target), Number(row.n));
  return counts;
}
