import { describe, expect, it } from 'vitest';
import { checkDemoData, type DemoFile } from './check.ts';
import { demoCollections, demoDataSchema, demoDataWarnings, type DemoData } from './dataset.ts';
import type { DemoCollection } from './collections.ts';
import { entryFields } from './to-strapi.ts';

/**
 * A small demo data set that meets every rule (12 neighbourhoods, 20 organizations, 100 items, a
 * draft in each file), built fresh for each test so one test's breakage does not leak into another.
 */
const twin = <T>(fr: T, en: T) => ({ fr, en });
const place = {
  venueName: 'Centre Patro Le Prevost',
  address: '7355, av. Christophe-Colomb',
  lat: 45.545,
  lng: -73.62,
  ...twin({ accessibilityNotes: 'Entrée de plain-pied.', transitHint: 'Bus 55.' }, { accessibilityNotes: 'Step-free entrance.', transitHint: 'Bus 55.' }),
};
const contact = { name: 'Nadia', phone: '514-555-0102', textingOk: true };
const links = (i: number) => ({ organization: `organisme-${i % 20}`, neighbourhoods: [`quartier-${i % 12}`], topics: ['alimentation'] });
const texts = (fr: string) => twin({ title: fr, summary: `${fr}. Venez nous voir.`, body: 'Premier paragraphe.' }, { title: `${fr} (en)`, summary: 'Come and see us.', body: 'First paragraph.' });
const letter = (i: number) => String.fromCharCode(65 + i);

function validSample(): DemoData {
  return {
    neighbourhoods: Array.from({ length: 13 }, (_, i) => ({
      slug: `quartier-${i}`,
      territory: 'CLSC de Villeray',
      lat: 45.54 + i / 1000,
      lng: -73.62,
      // H2A, H2B, … one postal area per neighbourhood.
      fsas: [`H2${letter(i)}`],
      ocEmails: ['oc.villeray@cisss.example.org'],
      ...(i === 12 ? { draft: true } : {}),
      ...twin({ name: `Quartier ${i}` }, { name: `Neighbourhood ${i}` }),
    })),
    topics: [
      { slug: 'alimentation', ...twin({ name: 'Alimentation' }, { name: 'Food' }) },
      { slug: 'logement', draft: true, ...twin({ name: 'Logement' }, { name: 'Housing' }) },
    ],
    organizations: Array.from({ length: 21 }, (_, i) => ({
      slug: `organisme-${i}`,
      name: `Organisme ${i}`,
      kind: 'community_group' as const,
      email: `organisme-${i}@example.org`,
      website: `https://organisme-${i}.example.org`,
      neighbourhood: `quartier-${i % 12}`,
      ...(i === 20 ? { draft: true } : {}),
      ...twin({ description: 'Un groupe du quartier.' }, { description: 'A local group.' }),
    })),
    events: Array.from({ length: 26 }, (_, i) => ({
      slug: `evenement-${i}`,
      ...links(i),
      startsInDays: i,
      time: '18:30',
      durationMinutes: 90,
      registrationMode: 'none' as const,
      place,
      contact,
      ...(i === 25 ? { draft: true } : {}),
      ...twin({ ...texts(`Souper ${i}`).fr, cost: 'Gratuit' }, { ...texts(`Souper ${i}`).en, cost: 'Free' }),
    })),
    calls: Array.from({ length: 26 }, (_, i) => ({
      slug: `appel-${i}`,
      ...links(i),
      kind: 'volunteering' as const,
      deadlineInDays: 10,
      contact,
      ...(i === 25 ? { draft: true } : {}),
      ...texts(`Appel ${i}`),
    })),
    consultations: Array.from({ length: 26 }, (_, i) => ({
      slug: `consultation-${i}`,
      ...links(i),
      opensInDays: -5,
      closesInDays: 20,
      questions: [
        { kind: 'single' as const, required: true, ...twin({ prompt: 'D’accord?', options: ['Oui', 'Non'] }, { prompt: 'Agree?', options: ['Yes', 'No'] }) },
        { kind: 'text' as const, required: false, ...twin({ prompt: 'Vos idées', options: [] }, { prompt: 'Your ideas', options: [] }) },
      ],
      ...(i === 25 ? { draft: true } : {}),
      ...texts(`Consultation ${i}`),
    })),
    petitions: Array.from({ length: 26 }, (_, i) => ({
      slug: `petition-${i}`,
      ...links(i),
      opensInDays: -14,
      closesInDays: 46,
      status: 'open' as const,
      signatureGoal: 500,
      paperSignatures: 0,
      ...(i === 25 ? { draft: true } : {}),
      ...twin(
        { ...texts(`Pétition ${i}`).fr, demand: 'Un feu pour piétons.', addressee: 'Arrondissement' },
        { ...texts(`Pétition ${i}`).en, demand: 'A pedestrian light.', addressee: 'Borough' },
      ),
    })),
    accessPoints: Array.from({ length: 3 }, (_, i) => ({
      slug: `point-acces-${i}`,
      name: `Bibliothèque ${i}`,
      address: '7355, avenue Christophe-Colomb, Montréal',
      lat: 45.54,
      lng: -73.62,
      offers: ['wifi' as const, 'computers' as const],
      openingHours: [{ weekday: 'monday' as const, opens: '10:00', closes: '17:00' }],
      languages: ['fr', 'en'],
      cost: 'free' as const,
      phone: '514-555-0130',
      organization: `organisme-${i}`,
      neighbourhoods: [`quartier-${i}`],
      ...(i === 2 ? { draft: true } : {}),
      ...twin({ summary: 'Wi-Fi gratuit.', accessibilityNotes: 'Entrée de plain-pied.' }, { summary: 'Free Wi-Fi.', accessibilityNotes: 'Step-free entrance.' }),
    })),
    episodes: [
      {
        slug: 'episode-demo',
        releaseInDays: -3,
        audioSeconds: 60,
        ...twin(
          { title: 'Épisode', summary: 'On parle de textos.', series: 'Balado', transcript: 'Bonjour.', chapters: [{ start: '0:00', title: 'Début' }], guests: [] },
          { title: 'Episode', summary: 'We talk about texts.', series: 'Podcast', transcript: 'Hello.', chapters: [{ start: '0:00', title: 'Start' }], guests: [] },
        ),
      },
      {
        slug: 'episode-brouillon',
        releaseInDays: 0,
        audioSeconds: 30,
        draft: true,
        ...twin(
          { title: 'Brouillon', summary: 'À venir.', series: 'Balado', transcript: 'Bientôt.', chapters: [], guests: [] },
          { title: 'Draft', summary: 'Coming.', series: 'Podcast', transcript: 'Soon.', chapters: [], guests: [] },
        ),
      },
    ],
    trainingModules: [
      { slug: 'module-demo', demo: true, topics: ['alimentation'], ...twin({ title: 'Module', summary: 'On apprend.', units: [{ title: 'Unité', body: 'Texte.', fiche: 'Un point.', prompts: 'Une question ?', questions: [{ prompt: 'Quoi ?', choices: [{ text: 'Ceci', correct: true, feedback: 'Oui.' }, { text: 'Cela', feedback: 'Non.' }] }] }] }, { title: 'Module', summary: 'We learn.', units: [{ title: 'Unit', body: 'Text.', fiche: 'A point.', prompts: 'A question?', questions: [{ prompt: 'What?', choices: [{ text: 'This', correct: true, feedback: 'Yes.' }, { text: 'That', feedback: 'No.' }] }] }] }) },
      { slug: 'module-brouillon', draft: true, topics: ['alimentation'], ...twin({ title: 'Brouillon', summary: 'À venir.', units: [{ title: 'Unité', body: 'Texte.', fiche: 'Un point.', prompts: 'Une question ?', questions: [{ prompt: 'Quoi ?', choices: [{ text: 'Ceci', correct: true, feedback: 'Oui.' }, { text: 'Cela', feedback: 'Non.' }] }] }] }, { title: 'Draft', summary: 'Coming.', units: [{ title: 'Unit', body: 'Text.', fiche: 'A point.', prompts: 'A question?', questions: [{ prompt: 'What?', choices: [{ text: 'This', correct: true, feedback: 'Yes.' }, { text: 'That', feedback: 'No.' }] }] }] }) },
    ],
  };
}

/** The report the checker prints for a data set, as read from files. */
function problemsOf(data: Partial<Record<DemoCollection, unknown>>): string[] {
  const read = Object.fromEntries(
    demoCollections.map((name): [DemoCollection, DemoFile] => [name, name in data ? { state: 'read', data: data[name] } : { state: 'missing' }]),
  ) as Record<DemoCollection, DemoFile>;
  return checkDemoData(read).problems;
}

/** Breaks a fresh valid sample with `edit` and returns the problems found. */
function problemsAfter(edit: (data: DemoData) => void): string[] {
  const data = validSample();
  edit(data);
  return problemsOf(data);
}

describe('demo-data schema', () => {
  it('accepts a complete, consistent data set', () => {
    expect(problemsOf(validSample())).toEqual([]);
    expect(demoDataSchema.safeParse(validSample()).success).toBe(true);
  });

  it('names the file, the entry and the field of a problem', () => {
    expect(problemsAfter((d) => (d.events[3]!.time = '25:00'))).toEqual(['events.json[3] evenement-3.time: "25:00" is not HH:MM']);
  });

  it('refuses an unknown key, so a misspelt optional field is not dropped silently', () => {
    expect(problemsAfter((d) => Object.assign(d.events[0]!, { organisation: 'organisme-1' }))).toEqual([
      'events.json[0] evenement-0: unknown key "organisation"',
    ]);
  });
});

describe('cross-file rules', () => {
  it('keeps slugs unique in each file', () => {
    expect(problemsAfter((d) => (d.calls[1]!.slug = 'appel-0'))).toEqual(['calls.json[1] appel-0: slug "appel-0" is used twice in calls.json']);
  });

  it('resolves every reference to an organization, a neighbourhood and a topic', () => {
    const problems = problemsAfter((d) => {
      d.events[0]!.organization = 'inconnu';
      d.calls[0]!.neighbourhoods = ['quartier-0', 'nulle-part'];
      d.petitions[0]!.topics = ['jardinage'];
      d.organizations[0]!.neighbourhood = 'ailleurs';
    });
    expect(problems).toEqual([
      'organizations.json[0] organisme-0.neighbourhood: unknown neighbourhood "ailleurs"',
      'events.json[0] evenement-0.organization: unknown organization "inconnu"',
      'calls.json[0] appel-0.neighbourhoods[1]: unknown neighbourhood "nulle-part"',
      'petitions.json[0] petition-0.topics[0]: unknown topic "jardinage"',
    ]);
  });

  it('links a training session to a training module that exists, and only a session', () => {
    const problems = problemsAfter((d) => {
      Object.assign(d.events[0]!, { kind: 'formation', trainingModule: 'module-inconnu' });
      Object.assign(d.events[1]!, { trainingModule: 'module-demo' });
      Object.assign(d.events[2]!, { kind: 'formation', trainingModule: 'module-demo' });
    });
    expect(problems).toEqual([
      'events.json[1] evenement-1.trainingModule: a training module needs "kind": "formation"',
      'events.json[0] evenement-0.trainingModule: unknown training module "module-inconnu"',
    ]);
  });

  it('wants one right choice per self-check question, and as many units in English as in French', () => {
    const problems = problemsAfter((d) => {
      d.trainingModules[0]!.fr.units[0]!.questions[0]!.choices[1]!.correct = true;
      const unit = d.trainingModules[0]!.fr.units[0]!;
      d.trainingModules[0]!.fr.units.push({ ...unit, questions: [{ prompt: 'Et alors ?', choices: [{ text: 'Oui', correct: true, feedback: 'Oui.' }, { text: 'Non', feedback: 'Non.' }] }] });
    });
    expect(problems).toEqual([
      'trainingModules.json[0] module-demo.fr.units[0].questions[0]: needs exactly one choice with "correct": true',
      'trainingModules.json[0] module-demo.en.units: has not as many units as in French',
    ]);
  });

  it('leads a postal area to one neighbourhood only', () => {
    expect(problemsAfter((d) => d.neighbourhoods[1]!.fsas.push('H2A'))).toEqual(['neighbourhoods.json: FSA H2A belongs to both quartier-0 and quartier-1']);
  });

  it('needs a draft in every file, and enough published entries', () => {
    const problems = problemsAfter((d) => {
      d.topics = d.topics.filter((t) => !t.draft);
      d.organizations = d.organizations.slice(5);
      d.events = d.events.slice(0, 5);
    });
    expect(problems).toContain('topics.json: needs at least one "draft": true entry (drafts must stay private)');
    expect(problems).toContain('organizations.json: 15 published, need at least 20');
    expect(problems).toContain('items: 80 published across events/calls/consultations/petitions, need at least 100');
  });

  it('reports a missing taxonomy file, which every item refers to', () => {
    const { topics: _topics, ...rest } = validSample();
    expect(problemsOf(rest)).toEqual(['topics.json: missing (every item refers to it)']);
  });

  it('reports a file that is not JSON once, without a flood of unknown references', () => {
    const read = Object.fromEntries(demoCollections.map((name) => [name, { state: 'read', data: validSample()[name] }])) as Record<DemoCollection, DemoFile>;
    read.topics = { state: 'unreadable', reason: 'Unexpected end of JSON input' };
    expect(checkDemoData(read).problems).toEqual(['topics.json: not valid JSON (Unexpected end of JSON input)']);
  });

  it('warns, without failing, about a phone registration with no number and a topic nobody uses', () => {
    const data = validSample();
    data.events[0]!.registrationMode = 'phone';
    delete data.events[0]!.contact;
    data.topics.push({ slug: 'sport', fr: { name: 'Sport' }, en: { name: 'Sport' } });
    expect(problemsOf(data)).toEqual([]);
    expect(demoDataWarnings(data)).toEqual([
      'events.json[0] evenement-0: registrationMode "phone" without contact.phone (the organization\'s number is shown)',
      'no published item refers to topics: sport',
    ]);
  });

  it('gives the same problems through the zod schema, with the path to the field', () => {
    const data = validSample();
    data.events[0]!.organization = 'inconnu';
    const result = demoDataSchema.safeParse(data);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['events.0.organization', 'unknown organization "inconnu"']]);
  });
});

describe('French/English twins', () => {
  it('refuses an optional text in one locale only', () => {
    expect(problemsAfter((d) => delete d.petitions[0]!.en.body)).toEqual([
      'petitions.json[0] petition-0.en.body: "body" is in one locale but not the other',
    ]);
  });

  it('refuses a question with a different number of options in each locale', () => {
    expect(problemsAfter((d) => d.consultations[0]!.questions[0]!.en.options.push('Maybe'))).toEqual([
      'consultations.json[0] consultation-0.questions[0]: fr has 2 options but en has 3',
    ]);
  });

  it('needs alternative text in each locale beside an image, and only there', () => {
    expect(problemsAfter((d) => Object.assign(d.events[0]!, { image: { photoSeed: 1 } }))).toEqual([
      'events.json[0] evenement-0.fr.imageAlt: an image needs alternative text in each locale',
      'events.json[0] evenement-0.en.imageAlt: an image needs alternative text in each locale',
    ]);
    expect(problemsAfter((d) => Object.assign(d.calls[0]!.fr, { imageAlt: 'Une photo' }))).toContain(
      'calls.json[0] appel-0.fr.imageAlt: only an item with an image has alternative text',
    );
  });
});

describe('relative dates', () => {
  it('opens a window before it closes', () => {
    expect(problemsAfter((d) => (d.consultations[0]!.opensInDays = 30))).toEqual([
      'consultations.json[0] consultation-0: opensInDays (30) must be before closesInDays (20)',
    ]);
  });

  it('turns an access point’s closures into days: relative ones from the seeding day, yearly ones the next not over', () => {
    const point = { ...validSample().accessPoints[0]!, closedOnQuebecHolidays: true, closures: [{ startsInDays: 3, endsInDays: 16, fr: 'Rénovations' }, { from: '12-24', to: '01-02', fr: 'Vacances des fêtes', en: 'Holiday break' }] };
    const daysAt = (iso: string) => entryFields('accessPoints', point, 'fr', new Date(iso)).closures;
    expect(daysAt('2026-12-07T17:00:00Z')).toEqual([
      { startDate: '2026-12-10', endDate: '2026-12-23', reasonFr: 'Rénovations', reasonEn: null },
      { startDate: '2026-12-24', endDate: '2027-01-02', reasonFr: 'Vacances des fêtes', reasonEn: 'Holiday break' },
    ]);
    // On 1 January the break that began last year is still the one.
    expect(daysAt('2027-01-01T17:00:00Z')).toContainEqual(expect.objectContaining({ startDate: '2026-12-24', endDate: '2027-01-02' }));
    expect(daysAt('2027-01-03T17:00:00Z')).toContainEqual(expect.objectContaining({ startDate: '2027-12-24', endDate: '2028-01-02' }));
    expect(problemsAfter((d) => Object.assign(d.accessPoints[0]!, { closures: [{ startsInDays: 5, endsInDays: 2 }] }))).toEqual([
      'accessPoints.json[0] point-acces-0.closures[0]: ends before it starts',
    ]);
  });

  it('counts days in whole numbers', () => {
    expect(problemsAfter((d) => (d.events[0]!.startsInDays = 1.5))).toEqual(['events.json[0] evenement-0.startsInDays: must be a whole number']);
  });

  it('keeps a petition’s status in step with its dates and its response', () => {
    expect(problemsAfter((d) => (d.petitions[0]!.status = 'closed'))).toEqual(['petitions.json[0] petition-0: status "closed" needs closesInDays ≤ 0']);
    // Open but not started yet: the site shows when signing opens (lifecycle "upcoming").
    expect(problemsAfter((d) => Object.assign(d.petitions[0]!, { opensInDays: 2, closesInDays: 30 }))).toEqual([]);
    expect(problemsAfter((d) => Object.assign(d.petitions[0]!, { opensInDays: -30, closesInDays: -2 }))).toEqual([
      'petitions.json[0] petition-0: status "open" needs closesInDays > 0',
    ]);
    expect(
      problemsAfter((d) => Object.assign(d.petitions[0]!, { status: 'answered', opensInDays: -60, closesInDays: -1 })),
    ).toEqual(['petitions.json[0] petition-0: status "answered" needs a response']);
  });

  it('gives results only to a consultation already closed', () => {
    expect(
      problemsAfter((d) => {
        Object.assign(d.consultations[0]!.fr, { results: 'Merci.' });
        Object.assign(d.consultations[0]!.en, { results: 'Thanks.' });
      }),
    ).toEqual(['consultations.json[0] consultation-0: has results but is not closed yet (closesInDays ≥ 0)']);
  });

  it('gives an outcome only to a closed item, in the past, with its text in both locales or neither', () => {
    expect(problemsAfter((d) => Object.assign(d.petitions[0]!, { outcome: { status: 'won', inDays: -1 } }))).toEqual([
      'petitions.json[0] petition-0: has an outcome but is still open (closesInDays > 0)',
    ]);
    expect(
      problemsAfter((d) => {
        Object.assign(d.consultations[0]!, { opensInDays: -30, closesInDays: -2, outcome: { status: 'decided', inDays: 3 } });
      }),
    ).toEqual(['consultations.json[0] consultation-0.outcome.inDays: an outcome is in the past (inDays ≤ 0)']);
    expect(
      problemsAfter((d) => {
        Object.assign(d.petitions[0]!.fr, { outcomeText: 'Gagné !' });
        Object.assign(d.petitions[0]!.en, { outcomeText: 'Won!' });
      }),
    ).toEqual(['petitions.json[0] petition-0: has an outcomeText but no outcome']);
  });

  it('gives a call a time only with its day', () => {
    expect(problemsAfter((d) => Object.assign(d.calls[0]!, { time: '10:00' }))).toEqual(['calls.json[0] appel-0.time: "time" without "startsInDays"']);
  });
});

describe('places inside Québec', () => {
  it('catches a coordinate without its minus sign', () => {
    expect(problemsAfter((d) => (d.events[0]!.place = { ...place, lng: 73.62 }))).toEqual([
      'events.json[0] evenement-0.place: coordinates (45.545, 73.62) are outside Québec',
    ]);
    expect(problemsAfter((d) => (d.neighbourhoods[0]!.lat = -45.54))).toEqual(['neighbourhoods.json[0] quartier-0: centroid (-45.54, -73.62) is outside Québec']);
  });

  it('catches a boundary written [lat, lng] instead of [lng, lat]', () => {
    const ring: Array<[number, number]> = [[45.5, -73.6], [45.6, -73.6], [45.6, -73.5], [45.5, -73.6]];
    expect(problemsAfter((d) => (d.neighbourhoods[0]!.boundary = { type: 'Polygon', coordinates: [ring] }))).toEqual([
      'neighbourhoods.json[0] quartier-0.boundary.coordinates: position [45.5,-73.6] is not a [lng, lat] pair inside Québec',
    ]);
  });
});

describe('what the CMS would refuse', () => {
  it('refuses a summary with sentences too long to read', () => {
    expect(problemsAfter((d) => (d.events[0]!.fr.summary = Array.from({ length: 30 }, () => 'mot').join(' ') + '.'))).toEqual([
      'events.json[0] evenement-0.fr.summary: sentences too long (the CMS refuses it)',
    ]);
  });

  it('needs accessibility notes on an event’s place, and a real-looking but fictional phone', () => {
    expect(problemsAfter((d) => (d.events[0]!.place = { ...place, fr: { accessibilityNotes: ' ', transitHint: '' } }))).toEqual([
      'events.json[0] evenement-0.place.fr.accessibilityNotes: is empty',
    ]);
    expect(problemsAfter((d) => (d.calls[0]!.contact = { ...contact, phone: '514-123-4567' }))).toEqual([
      'calls.json[0] appel-0.contact.phone: "514-123-4567" is not in the fictional 514-555-01xx range',
    ]);
  });
});
