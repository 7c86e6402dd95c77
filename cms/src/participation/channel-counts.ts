import type { Core } from '@strapi/strapi';

/**
 * How many people took part, by channel — web, text message, phone, paper — per item and per
 * neighbourhood, for the OCs' admin widget. Counted from the rows that already exist (a channel
 * column on signatures and registrations, the petition's paper count); no cookie, no visit
 * statistics, no per-person trail. A count from 1 to 4 leaves the server as "< 5", and a total
 * that includes one is rounded to the nearest 5, so nobody in a small group can be singled out,
 * not even by subtracting one cell from the total.
 */
export type Channel = 'web' | 'sms' | 'phone' | 'paper';
export const channels: readonly Channel[] = ['web', 'sms', 'phone', 'paper'];

/** A count as shown: an exact number (0, or 5 and more), `< 5`, or `≈ 15` for a total that hides one. */
export type ShownCount = number | string;

export interface ChannelLine {
  kind: 'petition' | 'event' | 'consultation' | 'call';
  documentId: string;
  title: string;
  neighbourhoods: string[];
  counts: Record<Channel, ShownCount>;
  total: ShownCount;
}

export interface ChannelReport {
  items: ChannelLine[];
  neighbourhoods: Array<{ name: string; counts: Record<Channel, ShownCount>; total: ShownCount }>;
}

export const smallCount = 5;

export function showCounts(raw: Record<Channel, number>): { counts: Record<Channel, ShownCount>; total: ShownCount } {
  const hidden = channels.some((c) => raw[c] > 0 && raw[c] < smallCount);
  const sum = channels.reduce((n, c) => n + raw[c], 0);
  const counts = Object.fromEntries(channels.map((c) => [c, raw[c] > 0 && raw[c] < smallCount ? `< ${smallCount}` : raw[c]])) as Record<Channel, ShownCount>;
  if (sum > 0 && sum < smallCount) return { counts, total: `< ${smallCount}` };
  return { counts, total: hidden ? `≈ ${Math.round(sum / smallCount) * smallCount}` : sum };
}

/** Sets the channel of a row just created by text or phone (its insert is the web form's own), in the caller's transaction. */
export async function markChannel(strapi: Core.Strapi, uid: 'api::participation.signature' | 'api::participation.registration', where: Record<string, unknown>, channel: 'sms' | 'phone'): Promise<void> {
  await strapi.db.query(uid).updateMany({ where, data: { channel } });
}

const sources = [
  { kind: 'petition', uid: 'api::petition.petition', rows: 'api::participation.signature', key: 'petitionDocumentId', counted: { signatureStatus: 'confirmed' } },
  { kind: 'event', uid: 'api::event.event', rows: 'api::participation.registration', key: 'eventDocumentId', counted: { registrationStatus: { $in: ['confirmed', 'waitlisted'] } } },
  { kind: 'consultation', uid: 'api::consultation.consultation', rows: 'api::participation.consultation-response', key: 'consultationDocumentId', counted: { suspectReason: null } },
  { kind: 'call', uid: 'api::call.call', rows: 'api::participation.interest', key: 'callDocumentId', counted: { suspectReason: null } },
] as const;

const empty = (): Record<Channel, number> => ({ web: 0, sms: 0, phone: 0, paper: 0 });

/** Published items with at least one person counted, busiest first; neighbourhoods by name. */
export async function channelReport(strapi: Core.Strapi): Promise<ChannelReport> {
  const lines: Array<Omit<ChannelLine, 'counts' | 'total'> & { raw: Record<Channel, number> }> = [];
  for (const source of sources) {
    const raw = new Map<string, Record<Channel, number>>();
    const meta = strapi.db.metadata.get(source.rows);
    const hasChannel = 'channel' in meta.attributes;
    // One grouped read per kind; the rows never leave the database, only their counts.
    const found = (await strapi.db.query(source.rows).findMany({ where: source.counted, select: hasChannel ? [source.key, 'channel'] : [source.key] })) as Array<Record<string, string>>;
    for (const row of found) {
      const counts = raw.get(row[source.key]!) ?? empty();
      const channel = (hasChannel ? row.channel : 'web') as Channel;
      counts[channels.includes(channel) ? channel : 'web'] += 1;
      raw.set(row[source.key]!, counts);
    }
    const items = (await strapi.documents(source.uid).findMany({
      status: 'published',
      locale: 'fr',
      fields: source.kind === 'petition' ? ['title', 'paperSignatures'] : ['title'],
      populate: { neighbourhoods: { fields: ['name'] } },
      limit: 10_000,
    })) as Array<Record<string, any>>;
    for (const item of items) {
      const counts = raw.get(String(item.documentId)) ?? empty();
      if (source.kind === 'petition') counts.paper = Number(item.paperSignatures ?? 0);
      if (channels.every((c) => counts[c] === 0)) continue;
      lines.push({
        kind: source.kind,
        documentId: String(item.documentId),
        title: String(item.title),
        neighbourhoods: ((item.neighbourhoods ?? []) as Array<{ name: string }>).map((n) => n.name),
        raw: counts,
      });
    }
  }
  const byNeighbourhood = new Map<string, Record<Channel, number>>();
  for (const line of lines) {
    for (const name of line.neighbourhoods) {
      const sum = byNeighbourhood.get(name) ?? empty();
      for (const c of channels) sum[c] += line.raw[c];
      byNeighbourhood.set(name, sum);
    }
  }
  const total = (raw: Record<Channel, number>) => channels.reduce((n, c) => n + raw[c], 0);
  return {
    items: lines.sort((a, b) => total(b.raw) - total(a.raw)).map(({ raw, ...line }) => ({ ...line, ...showCounts(raw) })),
    neighbourhoods: [...byNeighbourhood.entries()].sort(([a], [b]) => a.localeCompare(b, 'fr')).map(([name, raw]) => ({ name, ...showCounts(raw) })),
  };
}
