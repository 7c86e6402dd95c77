import type { Core } from '@strapi/strapi';
import { zonedDate } from '@passerelle/shared';
import type { ActionStatus, BarrierKind, BarrierLevel } from '@passerelle/shared/participation';
import { diagnosticActionUid, diagnosticUid } from './diagnostics';

/**
 * The demo neighbourhoods' diagnostics (Villeray and Saint-Michel, the demo round tables'
 * neighbourhoods): the six barriers as a table might first see them, and a short plan of action
 * carried by organizations and roles, with dates counted from the day of seeding. Made once: a
 * neighbourhood that already has a diagnostic is left alone.
 */
type DemoBarriers = Record<BarrierKind, [BarrierLevel, string]>;
interface DemoAction {
  title: string;
  barrier: BarrierKind;
  owner: string;
  inDays: number;
  status: ActionStatus;
  note?: string;
}

const demoDiagnostics: Array<{ neighbourhood: string; barriers: DemoBarriers; actions: DemoAction[] }> = [
  {
    neighbourhood: 'villeray',
    barriers: {
      device: ['moyen', 'Beaucoup de familles ont un seul téléphone pour tout le monde.'],
      data: ['important', 'Les forfaits sont petits : les gens n’ouvrent pas les vidéos ni les gros fichiers.'],
      skills: ['important', 'Les aînés demandent de l’aide pour les rendez-vous en ligne et les formulaires.'],
      accessibility: ['moyen', 'Plusieurs personnes lisent difficilement les petits caractères.'],
      language: ['moyen', 'Des familles arrivées récemment lisent mieux l’espagnol ou l’arabe.'],
      trust: ['peu', ''],
    },
    actions: [
      { title: 'Ateliers « Mon téléphone, pas à pas » à la bibliothèque', barrier: 'skills', owner: 'Bibliothèque de quartier', inDays: -20, status: 'fait', note: 'Quatre ateliers, 31 personnes. On recommence au printemps.' },
      { title: 'Prêt de tablettes avec forfait pour trois mois', barrier: 'device', owner: 'Carrefour familial', inDays: 25, status: 'en_cours' },
      { title: 'Liste des points Wi-Fi gratuits, affichée au comptoir alimentaire', barrier: 'data', owner: 'OC du CLSC', inDays: 10, status: 'a_faire' },
    ],
  },
  {
    neighbourhood: 'saint-michel',
    barriers: {
      device: ['important', 'Peu d’ordinateurs à la maison ; les jeunes font leurs devoirs sur le téléphone.'],
      data: ['moyen', ''],
      skills: ['moyen', 'Créer un courriel et s’en souvenir reste difficile.'],
      accessibility: ['inconnu', ''],
      language: ['important', 'Créole haïtien, espagnol, arabe : les avis en français seulement ne rejoignent pas tout le monde.'],
      trust: ['important', 'Peur des arnaques par texto ; méfiance envers les formulaires qui demandent des renseignements.'],
    },
    actions: [
      { title: 'Soirée d’information sur les arnaques, avec interprètes', barrier: 'trust', owner: 'Maison des familles', inDays: 15, status: 'a_faire' },
      { title: 'Traduire l’affiche des points d’accès numérique en créole et en espagnol', barrier: 'language', owner: 'Table de quartier, comité communications', inDays: 30, status: 'en_cours' },
    ],
  },
];

export async function seedDemoDiagnostics(strapi: Core.Strapi, now = new Date()): Promise<number> {
  let created = 0;
  for (const demo of demoDiagnostics) {
    const place = (await strapi.db.query('api::neighbourhood.neighbourhood').findOne({ where: { slug: demo.neighbourhood }, select: ['documentId', 'name'] })) as { documentId: string; name: string } | null;
    if (!place) continue;
    if ((await strapi.db.query(diagnosticUid).count({ where: { neighbourhood: { documentId: place.documentId } } })) > 0) continue;
    const barriers = Object.fromEntries(Object.entries(demo.barriers).flatMap(([kind, [level, note]]) => [[`${kind}Level`, level], [`${kind}Note`, note]]));
    const { documentId } = (await strapi.documents(diagnosticUid).create({ data: { label: place.name, neighbourhood: place.documentId, ...barriers, barriersUpdatedAt: now.toISOString() } as never })) as { documentId: string };
    for (const { inDays, status, ...action } of demo.actions) {
      await strapi.documents(diagnosticActionUid).create({ data: { ...action, note: action.note ?? '', dueOn: zonedDate(now, inDays), actionStatus: status, diagnostic: documentId } as never });
    }
    created += 1;
  }
  strapi.log.info(`[passerelle] seed neighbourhood diagnostics: ${created} created`);
  return created;
}
