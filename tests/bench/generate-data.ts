#!/usr/bin/env node
/**
 * Writes a benchmark data set in the demo-data format (cms/data/README.md): the real territory,
 * topics and organizations, plus N items made by the shared test builders
 * (`@passerelle/shared/testing`) and spread over the four types and over time (past, this week,
 * upcoming), so the site has the same shape as in production, only bigger.
 *
 *   pnpm --filter @passerelle/tests exec tsx bench/generate-data.ts <items> <out-dir>
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  aClosedCall,
  aClosedConsultation,
  aClosedPetition,
  anOpenCall,
  anOpenConsultation,
  anOpenPetition,
  anUpcomingConsultation,
  anUpcomingEvent,
  aPastEvent,
  toDemoData,
  type Fixture,
  type PlaceEntry,
} from '@passerelle/shared/testing';

const [count = '2000', outDir = '/tmp/passerelle-bench-data'] = process.argv.slice(2);
const total = Number(count);
const dataDir = fileURLToPath(new URL('../../cms/data/', import.meta.url));
mkdirSync(outDir, { recursive: true });
for (const f of ['neighbourhoods.json', 'topics.json', 'organizations.json']) copyFileSync(join(dataDir, f), join(outDir, f));

interface Hood {
  slug: string;
  lat: number;
  lng: number;
  fr: { name: string };
  en: { name: string };
}
const readJson = <T>(name: string) => JSON.parse(readFileSync(join(dataDir, name), 'utf8')) as T;
const neighbourhoods = readJson<Hood[]>('neighbourhoods.json');
const topics = readJson<Array<{ slug: string }>>('topics.json').map((t) => t.slug);
const organizations = readJson<Array<{ slug: string }>>('organizations.json').map((o) => o.slug);

// Deterministic pseudo-random numbers: the same N gives the same data set, run after run.
let seed = 42;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));

const activitiesFr = ['Cuisine collective', 'Friperie gratuite', 'Clinique d’impôts', 'Café-rencontre des aînés', 'Corvée de nettoyage du parc', 'Atelier de réparation de vélos', 'Aide aux devoirs', 'Accueil des nouveaux arrivants', 'Fête de quartier', 'Distribution de l’épicerie solidaire', 'Heure du conte', 'Séance d’information sur le logement'];
const activitiesEn = ['Collective kitchen', 'Free clothing swap', 'Tax clinic', 'Seniors’ coffee chat', 'Park clean-up', 'Bike repair workshop', 'Homework help', 'Newcomers’ welcome', 'Neighbourhood party', 'Solidarity grocery distribution', 'Story hour', 'Housing information session'];
const venuesFr = ['Centre communautaire', 'Bibliothèque', 'Sous-sol de l’église', 'Gymnase de l’école', 'Chalet du parc', 'Maison de quartier'];

function place(n: Hood): PlaceEntry {
  const v = pick(venuesFr);
  return {
    venueName: `${v} ${n.fr.name}`,
    address: `${int(100, 9999)}, rue ${pick(['Jarry', 'Villeray', 'Fleury', 'Henri-Bourassa', 'Crémazie', 'Saint-Michel', 'Décarie'])}, Montréal`,
    lat: Number((n.lat + (rand() - 0.5) * 0.01).toFixed(5)),
    lng: Number((n.lng + (rand() - 0.5) * 0.01).toFixed(5)),
    fr: { accessibilityNotes: 'Entrée de plain-pied, toilettes adaptées.', transitHint: 'Bus 193, arrêt à 2 minutes.' },
    en: { accessibilityNotes: 'Step-free entrance, accessible washrooms.', transitHint: 'Bus 193, stop 2 minutes away.' },
  };
}

/** What every generated item shares: its place in the territory and its texts. */
function common(i: number, kind: string) {
  const n = pick(neighbourhoods);
  const a = i % activitiesFr.length;
  return {
    n,
    base: {
      slug: `bench-${kind}-${i}`,
      organization: pick(organizations),
      neighbourhoods: [n.slug],
      topics: [pick(topics), pick(topics)].filter((t, j, all) => all.indexOf(t) === j),
      fr: {
        title: `${activitiesFr[a]} ${n.fr.name} n° ${i}`,
        summary: `${activitiesFr[a]} à ${n.fr.name}. C’est gratuit et ouvert à tout le monde. Venez avec vos voisins et vos questions.`,
        body: `Nous vous attendons avec plaisir.\n\nPour toute question, appelez-nous. Un texto, c’est correct aussi.`,
      },
      en: {
        title: `${activitiesEn[a]} ${n.en.name} no. ${i}`,
        summary: `${activitiesEn[a]} in ${n.en.name}. It is free and open to everyone. Come with your neighbours and your questions.`,
        body: `We look forward to seeing you.\n\nIf you have questions, call us. A text message is fine too.`,
      },
    },
  };
}

const contact = { name: 'Équipe d’organisation communautaire', phone: '514-555-0142', email: 'oc@example.org', textingOk: true };
const items: Fixture[] = [];
for (let i = 0; i < total; i++) {
  const r = i % 20;
  if (r < 9) {
    const { n, base } = common(i, 'event');
    const startsInDays = int(-150, 150);
    const build = startsInDays < 0 ? aPastEvent : anUpcomingEvent;
    items.push(
      build({
        ...base,
        startsInDays,
        time: pick(['10:00', '13:30', '18:30', '19:00']),
        durationMinutes: pick([60, 90, 120, 180]),
        registrationMode: pick(['none', 'form', 'phone', 'external'] as const),
        registrationUrl: 'https://inscription.example.org/',
        capacity: int(10, 80),
        place: place(n),
        contact,
        fr: { ...base.fr, cost: 'Gratuit' },
        en: { ...base.en, cost: 'Free' },
      }),
    );
  } else if (r < 14) {
    const { n, base } = common(i, 'call');
    const kind = pick(['volunteering', 'committee', 'public_meeting', 'survey', 'other'] as const);
    const deadlineInDays = int(-60, 90);
    const build = deadlineInDays < 0 ? aClosedCall : anOpenCall;
    items.push(
      build({
        ...base,
        kind,
        deadlineInDays,
        place: rand() < 0.5 ? place(n) : undefined,
        contact,
      }),
    );
  } else if (r < 17) {
    const { base } = common(i, 'consultation');
    const opensInDays = int(-120, 30);
    const closesInDays = opensInDays + int(7, 60);
    const build = opensInDays > 0 ? anUpcomingConsultation : closesInDays < 0 ? aClosedConsultation : anOpenConsultation;
    items.push(
      build({
        ...base,
        opensInDays,
        closesInDays,
        questions: [
          { kind: 'single', required: true, fr: { prompt: 'Êtes-vous d’accord?', options: ['Oui', 'Non', 'Je ne sais pas'] }, en: { prompt: 'Do you agree?', options: ['Yes', 'No', 'I don’t know'] } },
          { kind: 'text', required: false, fr: { prompt: 'Vos idées', options: [] }, en: { prompt: 'Your ideas', options: [] } },
        ],
        // Results only where a closed consultation's builder puts them; a generated one has none.
        fr: { ...base.fr, results: undefined },
        en: { ...base.en, results: undefined },
      }),
    );
  } else {
    const { base } = common(i, 'petition');
    const opensInDays = int(-120, 0);
    const closesInDays = opensInDays + int(30, 120);
    // Still `open` once closed: the site shows a petition past its closing date as closed.
    const build = closesInDays < 0 ? aClosedPetition : anOpenPetition;
    items.push(
      build({
        ...base,
        opensInDays,
        closesInDays,
        status: 'open',
        signatureGoal: int(100, 2000),
        paperSignatures: int(0, 300),
        fr: { ...base.fr, demand: 'Nous demandons un aménagement plus sécuritaire pour les piétons.', addressee: 'Conseil d’arrondissement' },
        en: { ...base.en, demand: 'We ask for a safer layout for pedestrians.', addressee: 'Borough council' },
      }),
    );
  }
}
const data = toDemoData(items);
for (const name of ['events', 'calls', 'consultations', 'petitions'] as const) {
  writeFileSync(join(outDir, `${name}.json`), JSON.stringify(data[name] ?? []));
}
const counts = (['events', 'calls', 'consultations', 'petitions'] as const).map((name) => `${name} ${data[name]?.length ?? 0}`).join(', ');
console.log(`bench data: ${total} items in ${outDir} (${counts})`);
