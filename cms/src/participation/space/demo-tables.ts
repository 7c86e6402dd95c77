import type { Core } from '@strapi/strapi';
import { zonedDateTime } from '@passerelle/shared';
import { meetingUid, roundTableUid } from './sessions';

/**
 * The demo's two round tables, each with a past meeting (minutes and decisions) and an upcoming
 * one (agenda), dated from the day of seeding. They have no member: a developer adds their own
 * member record to one in the admin (docs/practitioners-space.md, "Trying it") and sees them.
 * Seeded once: a table already there by name is left alone.
 */
interface DemoMeeting {
  title: string;
  dayOffset: number;
  start: string;
  end: string;
  place?: string;
  callIn?: string;
  agenda: string;
  minutes?: string;
  decisions?: string;
}

const demoTables: Array<{ name: string; neighbourhood: string; meetings: DemoMeeting[] }> = [
  {
    name: 'Table de concertation de Villeray',
    neighbourhood: 'villeray',
    meetings: [
      {
        title: 'Rencontre régulière de la table',
        dayOffset: -21,
        start: '13:30',
        end: '15:30',
        place: 'Centre communautaire, salle 2',
        agenda: '1. Tour de table des groupes\n2. Retour sur la guignolée\n3. Local pour le comptoir alimentaire\n4. Varia',
        minutes:
          'Tour de table : 9 groupes présents. Le comptoir alimentaire a servi 40 familles de plus qu’en octobre.\n\nGuignolée : belle réussite, mais on a manqué de bénévoles le samedi matin. On en reparle au printemps.\n\nLocal : le bail du sous-sol de l’église finit en juin. L’OC vérifie avec le CIUSSS si une salle du CLSC peut dépanner.',
        decisions: 'L’OC écrit au CIUSSS pour une salle d’ici la prochaine rencontre.\nLe comité guignolée se réunit en mars pour le bilan.',
      },
      {
        title: 'Rencontre régulière de la table',
        dayOffset: 14,
        start: '13:30',
        end: '15:30',
        place: 'Centre communautaire, salle 2',
        callIn: 'Par téléphone : 1 855 555-0100, code 4821#',
        agenda: '1. Mot de bienvenue\n2. Réponse du CIUSSS pour le local\n3. Semaine de l’action bénévole : qui embarque?\n4. Varia',
      },
    ],
  },
  {
    name: 'Table de quartier de Saint-Michel',
    neighbourhood: 'saint-michel',
    meetings: [
      {
        title: 'Comité logement',
        dayOffset: -10,
        start: '18:00',
        end: '19:30',
        callIn: 'Par téléphone : 1 855 555-0142, code 7730#',
        agenda: '1. Suivi des avis d’éviction\n2. Clinique d’impôts : les dates\n3. Varia',
        minutes: 'Six ménages nous ont appelés pour des avis d’éviction depuis janvier. Le comité logement les accompagne au Tribunal.\n\nClinique d’impôts : trois samedis de mars, à la bibliothèque.',
        decisions: 'On fait une affiche en français, en créole et en espagnol pour la clinique.\nLe prochain comité invite le CLSC pour parler de salubrité.',
      },
      {
        title: 'Assemblée de la table',
        dayOffset: 9,
        start: '09:30',
        end: '12:00',
        place: 'Maison de la culture, salle polyvalente',
        agenda: '1. Accueil et café\n2. Portrait du quartier : ce qui a changé\n3. Priorités pour l’an prochain\n4. Dîner communautaire',
      },
    ],
  },
];

export async function seedDemoRoundTables(strapi: Core.Strapi, now = new Date()): Promise<number> {
  let created = 0;
  for (const table of demoTables) {
    if ((await strapi.db.query(roundTableUid).count({ where: { name: table.name } })) > 0) continue;
    const place = (await strapi.db.query('api::neighbourhood.neighbourhood').findOne({ where: { slug: table.neighbourhood }, select: ['documentId'] })) as { documentId: string } | null;
    const { documentId } = (await strapi.documents(roundTableUid).create({ data: { name: table.name, ...(place ? { neighbourhoods: [place.documentId] } : {}) } as never })) as { documentId: string };
    for (const { dayOffset, start, end, ...meeting } of table.meetings) {
      await strapi.documents(meetingUid).create({
        data: { ...meeting, startsAt: zonedDateTime(now, dayOffset, start).toISOString(), endsAt: zonedDateTime(now, dayOffset, end).toISOString(), roundTable: documentId, sequence: 0 } as never,
      });
    }
    created += 1;
  }
  strapi.log.info(`[passerelle] seed round tables: ${created} created`);
  return created;
}
