import type { Core } from '@strapi/strapi';
import { accessOffers } from '@passerelle/shared/content';
import { READABILITY_LIMITS } from '@passerelle/shared/readability';
import { SUMMARY_MAX_LENGTH } from '../document-middlewares/validate-content';

/**
 * Plain-language hints shown under the fields in the Content Manager. Strapi keeps them in its
 * view configuration (core store), not in schema.json, so they are re-applied on every boot like the
 * admin roles: what this file says is what editors see.
 */
const summaryHint =
  `${SUMMARY_MAX_LENGTH} caractères au plus ; phrases courtes (${READABILITY_LIMITS.maxAverageSentenceWords} mots en moyenne au plus), ` +
  `mots simples. Une idée par phrase. / ${SUMMARY_MAX_LENGTH} characters max; short sentences, plain words.`;

const reviewHint =
  'Groupe communautaire : choisissez « to_review » quand le brouillon est prêt ; une OC du quartier est avertie par courriel. ' +
  'OC : publier le marque « approved ». / Set "to_review" when ready; the OC is e-mailed.';

const outcomeStatusHint =
  'Le résultat, quand il est connu. À la publication, les personnes qui ont demandé des nouvelles sont averties une fois. ' +
  'Changer le résultat ou sa date les avertit de nouveau. / Once known; publishing tells those who asked for news.';
const outcomeTextHint =
  'En mots simples, 600 caractères au plus : ce qui a été obtenu ou décidé, et la suite. Corriger ce texte n’envoie rien. / Plain words, 600 max.';
const outcomeDateHint = 'Le jour de la réponse ou de la décision (obligatoire avec un résultat). / Day of the answer or decision.';

export const fieldHints: Record<string, Record<string, string>> = {
  'api::event.event': {
    summary: summaryHint,
    imageAlt: 'Obligatoire avec une image : décrivez ce qu’elle montre, en une phrase. / Required with an image: describe it.',
    reviewStatus: reviewHint,
    neighbourhoods: 'Les OC de ces quartiers reçoivent la demande de révision. / OCs of these neighbourhoods review it.',
    cancelled:
      'Cochez puis publiez pour annoncer l’annulation : la page affiche « Annulé », les inscriptions ferment et chaque personne inscrite reçoit un message, une seule fois. / Tick, then publish: registrants are told once.',
    cancellationNote: 'Facultatif, 200 caractères : pourquoi, ou la nouvelle date. Envoyé aux personnes inscrites. / Optional: why, or the new date.',
  },
  'api::call.call': {
    summary: summaryHint,
    imageAlt: 'Obligatoire avec une image : décrivez ce qu’elle montre, en une phrase. / Required with an image: describe it.',
    reviewStatus: reviewHint,
    neighbourhoods: 'Les OC de ces quartiers reçoivent la demande de révision. / OCs of these neighbourhoods review it.',
  },
  'api::consultation.consultation': {
    summary: summaryHint,
    outcomeStatus: outcomeStatusHint,
    outcomeText: outcomeTextHint,
    outcomeDate: outcomeDateHint,
  },
  'api::petition.petition': {
    summary: summaryHint,
    outcomeStatus: outcomeStatusHint,
    outcomeText: outcomeTextHint,
    outcomeDate: outcomeDateHint,
  },
  'api::access-point.access-point': {
    summary: summaryHint,
    offers: `Liste JSON parmi ${accessOffers.join(', ')}, ex. ["wifi", "computers"]. / JSON list of offers.`,
    languages: 'Liste JSON des langues parlées, ex. ["fr", "en", "ht"]. / JSON list of language codes.',
    openingHours: 'Une ligne par plage, en 24 h (10:00 à 17:00). Deux plages le même jour : deux lignes. Jour fermé : aucune ligne. / One line per range.',
    closedOnQuebecHolidays:
      'Cochez si le lieu ferme les jours fériés du Québec (Jour de l’An, Vendredi saint, lundi de Pâques, Patriotes, 24 juin, 1er juillet, fête du Travail, Action de grâce, Noël). / Closed on Québec holidays.',
    closures: 'Vacances des fêtes, rénovations : du premier au dernier jour fermé, inclus. 20 au plus ; effacez les fermetures passées. / Closures, first to last day.',
    accessibilityNotes: 'Marches ou rampe, ascenseur, toilettes adaptées : ce qu’il faut savoir avant de venir. / What to know before coming.',
    neighbourhoods: 'Le lieu paraît sur la page « Se brancher » de chacun et répond à WIFI et leurs codes postaux. / Listed in each one.',
  },
  'api::episode.episode': {
    summary: summaryHint,
    audio:
      'L’enregistrement (MP3, M4A, WAV…, 90 min au plus). À l’enregistrement, Passerelle en fait une version légère et une standard : patientez environ 3 secondes par minute de son. / The recording; both versions are made on save.',
    lowDataAudio: 'Faite par Passerelle : AAC mono 32 kb/s pour les vieux téléphones et les petits forfaits. / Made by Passerelle.',
    standardAudio: 'Faite par Passerelle : MP3 mono 96 kb/s, pour les applis de balados. / Made by Passerelle.',
    phoneAudio: 'Faite par Passerelle : MP3 mono 24 kb/s, que la ligne téléphonique fait entendre. / Made by Passerelle, played on the phone line.',
    durationSeconds: 'Mesurée par Passerelle. / Measured by Passerelle.',
    transcript:
      'Obligatoire pour publier : tout ce qui est dit, une réplique par paragraphe (« Prénom : … »), ligne vide entre deux. / Required to publish: everything said.',
    chapters: 'Début (minutes:secondes, ex. 12:30) et titre de chaque partie. / Start (MM:SS) and title of each part.',
  },
  'api::training-module.training-module': {
    summary: summaryHint,
    demo: 'Cochez pour un module d’exemple : le site l’annonce comme contenu de démonstration. / Demo content, announced as such.',
    units: 'Dans l’ordre de lecture. Chaque unité a sa fiche d’une page et sa petite vérification. / In reading order.',
  },
  'api::neighbourhood.neighbourhood': {
    ocEmails:
      'Privé, jamais publié : liste JSON des courriels des OC du quartier, ex. ["oc@cisss.example.org"]. / Private: OC e-mails.',
  },
};

export const componentHints: Record<string, Record<string, string>> = {
  'training.unit': {
    body: 'Le texte de l’unité, en mots simples. Une ligne vide entre deux paragraphes. / The unit’s text, plain words.',
    episode: 'Un épisode du balado à écouter avec cette unité, au besoin. / A balado episode to listen to, if any.',
    fiche: 'Les points à retenir, un par ligne : la fiche s’imprime sur une seule page Lettre (huit à dix lignes). / One point a line, one Letter page.',
    prompts: 'Les questions pour une rencontre entre pairs, une par ligne. / Peer-session questions, one a line.',
    questions: 'La petite vérification : rien n’est enregistré de ce que la personne répond. / Nothing is recorded.',
  },
  'training.choice': {
    correct: 'Cochez pour le bon choix : un seul par question. / The right choice: one per question.',
    feedback: 'Ce que la personne lit en ouvrant ce choix : pourquoi c’est juste, ou pas tout à fait. / What the reader sees on opening it.',
  },
  'podcast.chapter': {
    start: 'Minutes:secondes depuis le début, ex. 0:00, 12:30, 1:02:03. / Start time.',
  },
  'access.opening-hours': {
    opens: 'Heure d’ouverture, 24 h, ex. 10:00. / Opens, 24 h.',
    closes: 'Heure de fermeture, après l’ouverture, ex. 17:00. / Closes, after it opens.',
  },
  'access.closure': {
    startDate: 'Premier jour fermé. / First closed day.',
    endDate: 'Dernier jour fermé, le même jour ou après. / Last closed day, same day or later.',
    reasonFr: 'Courte raison, ex. « Fermé pour rénovations » (80 caractères). / Short reason in French.',
    reasonEn: 'La même en anglais, ex. « Closed for renovations ». / Short reason in English.',
  },
  'shared.place': {
    accessibilityNotes:
      'Obligatoire pour un événement : rampe, ascenseur, toilettes adaptées, marches… Dites aussi ce qui manque. / Required for events.',
    transitHint: 'Ex. « Métro Henri-Bourassa, bus 69 ». / Nearest transit.',
  },
};

type ConfigService = {
  findConfiguration(model: unknown): Promise<{
    metadatas?: Record<string, { edit?: Record<string, unknown> }>;
    layouts?: { list?: string[] };
  }>;
  updateConfiguration(model: unknown, config: Record<string, unknown>): Promise<unknown>;
};

/** Columns added to the Content Manager list, so an OC sees the review state at a glance. */
const listColumns: Record<string, string[]> = {
  'api::event.event': ['reviewStatus'],
  'api::call.call': ['reviewStatus'],
};

async function applyTo(service: ConfigService, model: unknown, hints: Record<string, string>, columns: string[] = []): Promise<void> {
  if (!model) return;
  const configuration = await service.findConfiguration(model);
  const list = configuration.layouts?.list;
  const missing = columns.filter((c) => !list?.includes(c));
  if (list && missing.length > 0) {
    await service.updateConfiguration(model, { layouts: { ...configuration.layouts, list: [...list, ...missing] } });
  }
  const metadatas = { ...(configuration.metadatas ?? {}) };
  for (const [field, description] of Object.entries(hints)) {
    const current = metadatas[field];
    if (!current) continue;
    metadatas[field] = { ...current, edit: { ...(current.edit ?? {}), description } };
  }
  await service.updateConfiguration(model, { metadatas });
}

export async function applyFieldHints(strapi: Core.Strapi): Promise<void> {
  const contentManager = strapi.plugin('content-manager');
  const contentTypes = contentManager.service('content-types') as unknown as ConfigService;
  const components = contentManager.service('components') as unknown as ConfigService;
  for (const [uid, hints] of Object.entries(fieldHints)) {
    await applyTo(contentTypes, strapi.contentTypes[uid as keyof typeof strapi.contentTypes], hints, listColumns[uid]);
  }
  for (const [uid, hints] of Object.entries(componentHints)) {
    await applyTo(components, strapi.components[uid as keyof typeof strapi.components], hints);
  }
}
