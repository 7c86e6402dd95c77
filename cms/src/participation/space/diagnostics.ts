import type { Core } from '@strapi/strapi';
import {
  barrierKinds,
  barrierLevelField,
  barrierNoteField,
  type ActionInput,
  type ActionStatus,
  type BarrierKind,
  type BarrierLevel,
  type Barriers,
  type DiagnosticActionView,
  type DiagnosticSummary,
  type DiagnosticView,
} from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { isDocumentId } from './meetings';
import { roundTableUid } from './sessions';
import { namesIn } from './tables';

/**
 * Neighbourhood diagnostics, as one member may see them. A neighbourhood's diagnostic is seen and
 * kept by the active members of the round tables of that neighbourhood; for anyone else it is the
 * same "not found" as a neighbourhood that does not exist. One diagnostic per neighbourhood, made
 * the first time someone saves it (an OC may also make it in the admin; the oldest one counts).
 * Nothing personal is stored: owners are organizations or roles, and nobody's id is kept with an edit.
 */
export const diagnosticUid = 'api::practitioners.diagnostic';
export const diagnosticActionUid = 'api::practitioners.diagnostic-action';
const neighbourhoodUid = 'api::neighbourhood.neighbourhood';

/** A neighbourhood of the member's tables: where they may keep a diagnostic. */
export interface MemberNeighbourhood {
  documentId: string;
  slug: string;
  name: string;
  tables: string[];
}

type DiagnosticRow = { id: number; documentId: string; barriersUpdatedAt: string | null } & Record<string, unknown>;
interface ActionRow {
  documentId: string;
  title: string;
  barrier: BarrierKind;
  owner: string;
  dueOn: string | null;
  actionStatus: ActionStatus;
  note: string | null;
}

const slugPattern = /^[a-z0-9][a-z0-9-]{0,99}$/;

/** The neighbourhoods of the tables this member sits at (active), by name. */
export async function neighbourhoodsOfMember(strapi: Core.Strapi, memberId: string, locale: Locale): Promise<MemberNeighbourhood[]> {
  const tables = (await strapi.db.query(roundTableUid).findMany({
    where: { members: { documentId: memberId, active: true } },
    select: ['documentId', 'name'],
    orderBy: { name: 'asc' },
    populate: { neighbourhoods: { select: ['documentId', 'slug', 'name'] } },
  })) as Array<{ name: string; neighbourhoods?: Array<{ documentId: string; slug: string; name: string }> }>;
  const byId = new Map<string, MemberNeighbourhood>();
  for (const table of tables) {
    for (const place of table.neighbourhoods ?? []) {
      const entry = byId.get(place.documentId) ?? { documentId: place.documentId, slug: place.slug, name: place.name, tables: [] };
      if (!entry.tables.includes(table.name)) entry.tables.push(table.name);
      byId.set(place.documentId, entry);
    }
  }
  const names = await namesIn(strapi, neighbourhoodUid, [...byId.keys()], locale);
  return [...byId.values()].map((n) => ({ ...n, name: names.get(n.documentId) ?? n.name })).sort((a, b) => a.name.localeCompare(b.name, locale));
}

/** The neighbourhood behind a slug, if this member sits at one of its tables; null otherwise (a 404). */
export async function neighbourhoodOfMember(strapi: Core.Strapi, slug: string, memberId: string, locale: Locale): Promise<MemberNeighbourhood | null> {
  if (!slugPattern.test(slug)) return null;
  return (await neighbourhoodsOfMember(strapi, memberId, locale)).find((n) => n.slug === slug) ?? null;
}

async function diagnosticRow(strapi: Core.Strapi, neighbourhoodId: string): Promise<DiagnosticRow | null> {
  return (await strapi.db.query(diagnosticUid).findOne({ where: { neighbourhood: { documentId: neighbourhoodId } }, orderBy: { id: 'asc' } })) as DiagnosticRow | null;
}

async function actionsOf(strapi: Core.Strapi, diagnosticId: number): Promise<ActionRow[]> {
  return (await strapi.db.query(diagnosticActionUid).findMany({
    where: { diagnostic: { id: diagnosticId } },
    orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
  })) as ActionRow[];
}

function barriersOf(row: DiagnosticRow | null): Barriers {
  return Object.fromEntries(
    barrierKinds.map((kind) => [kind, { level: ((row?.[barrierLevelField(kind)] as BarrierLevel | undefined) ?? 'inconnu') as BarrierLevel, note: (row?.[barrierNoteField(kind)] as string | null | undefined) ?? '' }]),
  ) as Barriers;
}

const actionView = (a: ActionRow): DiagnosticActionView => ({
  documentId: a.documentId,
  title: a.title,
  barrier: a.barrier,
  owner: a.owner,
  dueOn: a.dueOn ? String(a.dueOn).slice(0, 10) : null,
  status: a.actionStatus,
  note: a.note ?? '',
});

function summary(place: MemberNeighbourhood, row: DiagnosticRow | null, actions: ActionRow[]): DiagnosticSummary {
  return {
    slug: place.slug,
    neighbourhood: place.name,
    tables: place.tables,
    done: actions.filter((a) => a.actionStatus === 'fait').length,
    total: actions.length,
    updatedAt: row?.barriersUpdatedAt ? new Date(row.barriersUpdatedAt).toISOString() : null,
  };
}

export async function diagnosticSummaries(strapi: Core.Strapi, places: MemberNeighbourhood[]): Promise<DiagnosticSummary[]> {
  const summaries: DiagnosticSummary[] = [];
  for (const place of places) {
    const row = await diagnosticRow(strapi, place.documentId);
    summaries.push(summary(place, row, row ? await actionsOf(strapi, row.id) : []));
  }
  return summaries;
}

export async function diagnosticView(strapi: Core.Strapi, place: MemberNeighbourhood): Promise<DiagnosticView> {
  const row = await diagnosticRow(strapi, place.documentId);
  const actions = row ? await actionsOf(strapi, row.id) : [];
  return { ...summary(place, row, actions), barriers: barriersOf(row), actions: actions.map(actionView) };
}

/** The neighbourhood's diagnostic row, made (all barriers "inconnu") the first time it is needed. */
async function ensureDiagnostic(strapi: Core.Strapi, place: MemberNeighbourhood): Promise<DiagnosticRow> {
  const existing = await diagnosticRow(strapi, place.documentId);
  if (existing) return existing;
  await strapi.documents(diagnosticUid).create({ data: { label: place.name, neighbourhood: place.documentId } as never });
  return (await diagnosticRow(strapi, place.documentId))!;
}

export async function saveBarriers(strapi: Core.Strapi, place: MemberNeighbourhood, barriers: Barriers, now = new Date()): Promise<void> {
  const row = await ensureDiagnostic(strapi, place);
  const data: Record<string, unknown> = { barriersUpdatedAt: now.toISOString() };
  for (const kind of barrierKinds) {
    data[barrierLevelField(kind)] = barriers[kind].level;
    data[barrierNoteField(kind)] = barriers[kind].note;
  }
  await strapi.documents(diagnosticUid).update({ documentId: row.documentId, data: data as never });
}

export async function addAction(strapi: Core.Strapi, place: MemberNeighbourhood, input: ActionInput): Promise<string> {
  const row = await ensureDiagnostic(strapi, place);
  const created = (await strapi.documents(diagnosticActionUid).create({
    data: { title: input.title, barrier: input.barrier, owner: input.owner, dueOn: input.dueOn, actionStatus: input.status, note: input.note, diagnostic: row.documentId } as never,
  })) as { documentId: string };
  return created.documentId;
}

/** An action of this neighbourhood's plan, by id: an action of another neighbourhood is "not found". */
export async function actionOfNeighbourhood(strapi: Core.Strapi, place: MemberNeighbourhood, actionId: string): Promise<ActionRow | null> {
  if (!isDocumentId(actionId)) return null;
  const row = await diagnosticRow(strapi, place.documentId);
  if (!row) return null;
  return (await strapi.db.query(diagnosticActionUid).findOne({ where: { documentId: actionId, diagnostic: { id: row.id } } })) as ActionRow | null;
}

export async function updateAction(strapi: Core.Strapi, action: ActionRow, change: { status: ActionStatus; note: string }): Promise<void> {
  await strapi.documents(diagnosticActionUid).update({ documentId: action.documentId, data: { actionStatus: change.status, note: change.note } as never });
}
