import type { Core } from '@strapi/strapi';
import type { ResourceTheme } from '@passerelle/shared/participation';
import { resourceUid } from './resources';
import { zonedDate, zonedDateTime } from '@passerelle/shared';
import { handReplyUid, handRequestUid } from './hands';
import { meetingUid, practitionerUid, roundTableUid } from './sessions';
import { threadMessageUid } from './threads';

/**
 * The demo's two round tables, each with a past meeting (minutes and decisions) and an upcoming
 * one (agenda), dated from the day of seeding. They have no member: a developer adds their own
 * member record to one in the admin (docs/practitioners-space.md, "Trying it") and sees them.
 * Seeded once: a table already there by name is left alone.
 *
 * Each table also has requests for a hand, posted by a demo partner whose record is inactive: their
 * name shows as the author, but nobody can sign in as them, and they get no message. The same
 * partner starts the table's discussion with a few messages (one signed "Ancien membre").
 */
interface DemoHand {
  kind: 'salle' | 'benevoles' | 'interprete' | 'partenaire' | 'materiel' | 'autre';
  title: string;
  details: string;
  ageDays: number;
  neededInDays?: number;
  replies?: string[];
}
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

/** A message of the table's discussion, `ageHours` old; `formerMember`: signed "Ancien membre". */
interface DemoMessage {
  text: string;
  ageHours: number;
  formerMember?: boolean;
}

const demoTables: Array<{ name: string; neighbourhood: string; author: { name: string; email: string }; hands: DemoHand[]; meetings: DemoMeeting[]; messages: DemoMessage[] }> = [
  {
    name: 'Table de concertation de Villeray',
    neighbourhood: 'villeray',
    author: { name: 'Nadia Benali (démo, Carrefour familial)', email: 'demo.carrefour@example.org' },
    messages: [
      { text: 'Bonjour tout le monde ! Le compte rendu de la dernière rencontre est en ligne. Relisez-le avant jeudi si vous pouvez.', ageHours: 50 },
      { text: 'Petite question : quelqu’un a encore des dépliants sur les droits des locataires ? On est à court au Carrefour.', ageHours: 26, formerMember: true },
      { text: 'Il en reste une boîte au local, je vous la laisse à l’accueil demain matin. Bonne soirée !', ageHours: 3 },
    ],
    hands: [
      {
        kind: 'salle',
        title: 'Une salle pour 30 personnes, un mardi soir',
        details: 'Notre local est trop petit pour la soirée d’information sur le logement. Il nous faut une salle accessible en fauteuil, pour 30 personnes, un mardi soir de 18 h à 20 h 30, en mars.',
        ageDays: 3,
        neededInDays: 30,
        replies: ['La salle polyvalente du centre communautaire est libre les mardis de mars. Appelez la réception pour la réserver.'],
      },
      {
        kind: 'benevoles',
        title: 'Bénévoles pour trier les denrées le samedi',
        details: 'Le comptoir alimentaire cherche 4 ou 5 personnes le samedi matin, de 9 h à midi, pour trier les dons. Pas besoin d’expérience.',
        ageDays: 1,
      },
    ],
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
    author: { name: 'Jean-Robert Pierre (démo, Maison des familles)', email: 'demo.maison-familles@example.org' },
    messages: [
      { text: 'Allô la table ! Pour l’assemblée, on aurait besoin de deux personnes pour l’accueil à 9 h. Qui est partant ?', ageHours: 30 },
      { text: 'La bibliothèque confirme les trois samedis pour la clinique d’impôts. Je fais circuler l’affiche la semaine prochaine.', ageHours: 5 },
    ],
    hands: [
      {
        kind: 'interprete',
        title: 'Interprète en créole pour la clinique d’impôts',
        details: 'Pour les trois samedis de la clinique d’impôts, à la bibliothèque, il nous faut une personne qui parle créole pour accueillir les familles. Bénévole ou payée, on en parle.',
        ageDays: 5,
        neededInDays: 20,
      },
    ],
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
    await seedDemoHands(strapi, documentId, table.author, table.hands, now);
    await seedDemoMessages(strapi, documentId, table.author.email, table.messages, now);
    created += 1;
  }
  if (created > 0) await seedDemoResources(strapi, now);
  strapi.log.info(`[passerelle] seed round tables: ${created} created`);
  return created;
}

/** The table's discussion, by its inactive demo partner (seeded with its hands, so they exist). */
async function seedDemoMessages(strapi: Core.Strapi, tableId: string, authorEmail: string, messages: DemoMessage[], now: Date): Promise<void> {
  const author = (await strapi.db.query(practitionerUid).findOne({ where: { email: authorEmail }, select: ['documentId'] })) as { documentId: string } | null;
  for (const { text, ageHours, formerMember } of messages) {
    await strapi.documents(threadMessageUid).create({ data: { roundTable: tableId, author: formerMember ? null : (author?.documentId ?? null), text, createdAtMs: now.getTime() - ageHours * 3_600_000 } as never });
  }
}

/** The table's demo requests for a hand, by its inactive demo partner (made once, by email). */
async function seedDemoHands(strapi: Core.Strapi, tableId: string, author: { name: string; email: string }, hands: DemoHand[], now: Date): Promise<void> {
  const existing = (await strapi.db.query(practitionerUid).findOne({ where: { email: author.email }, select: ['documentId'] })) as { documentId: string } | null;
  const authorId =
    existing?.documentId ?? ((await strapi.documents(practitionerUid).create({ data: { name: author.name, email: author.email, spaceRole: 'intervenant', active: false, noticeMode: 'none' } as never })) as { documentId: string }).documentId;
  await strapi.documents(roundTableUid).update({ documentId: tableId, data: { members: { connect: [authorId] } } as never });
  for (const { ageDays, neededInDays, replies, ...hand } of hands) {
    const createdAtMs = now.getTime() - ageDays * 86_400_000;
    const request = (await strapi.documents(handRequestUid).create({
      data: { ...hand, neededBy: neededInDays === undefined ? null : zonedDate(now, neededInDays), author: authorId, roundTables: [tableId], requestStatus: 'open', createdAtMs } as never,
    })) as { documentId: string };
    for (const text of replies ?? []) {
      await strapi.documents(handReplyUid).create({ data: { handRequest: request.documentId, author: null, text, createdAtMs: createdAtMs + 3_600_000 } as never });
    }
  }
}

/**
 * Shared resources on the survey's themes, for every member, by nobody (signed "Ancien membre"):
 * made with the demo tables, once. Links to public pages of Québec's and Canada's public bodies.
 */
const demoResources: Array<{ title: string; description: string; url: string; themes: ResourceTheme[] }> = [
  {
    title: 'Guide : animer la page Facebook de son organisme',
    description: 'Fréquence des publications, modération des commentaires, accessibilité des images (texte de remplacement). Pour les petites équipes.',
    url: 'https://www.quebec.ca/gouvernement/faire-affaire-gouvernement/services-organismes/organismes-communautaires',
    themes: ['social_media', 'guides'],
  },
  {
    title: 'Déposer une pétition à l’Assemblée nationale',
    description: 'Les étapes d’une pétition en ligne à l’Assemblée nationale, à relayer aux résidents qui veulent porter une cause.',
    url: 'https://www.assnat.qc.ca/fr/exprimez-votre-opinion/petition/index.html',
    themes: ['online_politics', 'guides'],
  },
  {
    title: 'Modèle d’entente d’utilisation des médias sociaux pour les bénévoles',
    description: 'Un modèle à adapter : ce que les bénévoles publient au nom de l’organisme, la confidentialité des personnes accompagnées.',
    url: 'https://www.cai.gouv.qc.ca/protection-renseignements-personnels/',
    themes: ['social_media', 'templates'],
  },
  {
    title: 'Vivre ensemble à l’ère numérique : s’y retrouver avec les arnaques en ligne',
    description: 'Fiches simples sur la fraude en ligne, à utiliser en atelier avec les aînés et les personnes nouvellement arrivées.',
    url: 'https://antifraudcentre-centreantifraude.ca/index-fra.htm',
    themes: ['digital_living', 'guides'],
  },
];

async function seedDemoResources(strapi: Core.Strapi, now: Date): Promise<void> {
  for (const [index, resource] of demoResources.entries()) {
    if ((await strapi.db.query(resourceUid).count({ where: { title: resource.title } })) > 0) continue;
    await strapi.documents(resourceUid).create({ data: { ...resource, author: null, roundTable: null, createdAtMs: now.getTime() - (index + 1) * 86_400_000 } as never });
  }
}
