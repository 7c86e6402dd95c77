#!/usr/bin/env node
/**
 * Checks the demo data in cms/data/*.json against the contract in cms/data/README.md, before the
 * seed ever runs: a typo in a slug or a swapped coordinate is cheaper to catch here than in Strapi.
 *
 *   node cms/scripts/check-demo-data.mjs [dataDir]
 *
 * Plain Node ESM with no dependencies, so it runs anywhere (CI, a helper's shell) without a build.
 * Prints every problem found and exits 1 if there is any; warnings never fail the run.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const dataDir = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'data'));

// Kept in step with shared/src (geo.ts, content/*.ts); duplicated so this script needs no TS loader.
// Same box as shared/src/geo.ts (QUEBEC_BBOX): this checker is a dependency-free Node script run
// before anything is installed or compiled, so it cannot import shared's TypeScript sources.
const QUEBEC_BBOX = { minLat: 44.9, maxLat: 62.6, minLng: -79.8, maxLng: -57.1 };
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const FSA = /^[GHJ]\d[A-Z]$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
// The fictional 555-01xx range and reserved domains keep real people from getting calls or mail.
const PHONE = /^514-555-01\d\d( poste \d{1,5})?$/;
const EMAIL = /^[a-z0-9._-]+@([a-z0-9-]+\.)*example\.org$/i;
const WEBSITE = /^https:\/\/([a-z0-9-]+\.)*example\.org(\/\S*)?$/i;
const SUMMARY_MAX = 280;
// Copy of cms/src/lib/readability.ts (the CMS refuses these summaries; tests/unit keeps both in step).
const READABILITY_LIMITS = { maxAverageSentenceWords: 25, longWordLetters: 13, maxLongWordShare: 0.2, minWordsForLongWordShare: 10 };
const WORD = /[\p{L}\p{N}]+/gu;
const SENTENCE_END = /[.!?…;:]+(?=\s|$)|\n+/u;
function readabilityProblems(text) {
  const sentences = text.split(SENTENCE_END).map((s) => s.match(WORD) ?? []).filter((w) => w.length > 0);
  const words = sentences.flat();
  const longWords = words.filter((w) => [...w].filter((c) => /\p{L}/u.test(c)).length >= READABILITY_LIMITS.longWordLetters).length;
  const problems = [];
  if (sentences.length > 0 && words.length / sentences.length > READABILITY_LIMITS.maxAverageSentenceWords) problems.push('longSentences');
  if (words.length >= READABILITY_LIMITS.minWordsForLongWordShare && longWords / words.length > READABILITY_LIMITS.maxLongWordShare) {
    problems.push('longWords');
  }
  return problems;
}
const TITLE_MAX = 200;

const ORG_KINDS = ['community_group', 'health_network', 'municipality', 'other'];
const REGISTRATION_MODES = ['none', 'form', 'phone', 'external'];
const CALL_KINDS = ['volunteering', 'committee', 'public_meeting', 'survey', 'other'];
const QUESTION_KINDS = ['single', 'multiple', 'text', 'scale'];
const PETITION_STATUSES = ['open', 'closed', 'delivered', 'answered'];

const MIN_NEIGHBOURHOODS = 12;
const MIN_ORGANIZATIONS = 20;
const MIN_PUBLISHED_ITEMS = 100;

const taxonomyFiles = ['neighbourhoods', 'topics', 'organizations'];
const itemFiles = ['events', 'calls', 'consultations', 'petitions'];

const problems = [];
const warnings = [];
/** Files that exist but could not be read: their counts would only add noise to the real problem. */
const unreadable = new Set();

/** One place per item, e.g. "events.json[3] fete-de-l-hiver", so a problem leads straight to it. */
function where(file, index, item) {
  const slug = item && typeof item === 'object' && typeof item.slug === 'string' ? ` ${item.slug}` : '';
  return `${file}.json[${index}]${slug}`;
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const isText = (v) => typeof v === 'string' && v.trim() !== '';
const isInt = (v) => Number.isInteger(v);

function inQuebec(lat, lng) {
  return (
    Number.isFinite(lat) &&
    Number.isFinite(lng) &&
    lat >= QUEBEC_BBOX.minLat &&
    lat <= QUEBEC_BBOX.maxLat &&
    lng >= QUEBEC_BBOX.minLng &&
    lng <= QUEBEC_BBOX.maxLng
  );
}

/** Unknown keys are reported because a misspelt optional key ("organisation") would be silently dropped. */
function checkKeys(at, obj, required, optional = []) {
  for (const key of required) {
    if (!(key in obj)) problems.push(`${at}: missing "${key}"`);
  }
  const known = new Set([...required, ...optional]);
  for (const key of Object.keys(obj)) {
    if (!known.has(key)) problems.push(`${at}: unknown key "${key}"`);
  }
}

/**
 * Checks `fr` and `en` blocks: both present, same keys, required texts non-empty, summary and title
 * within the limits the site's zod schemas enforce.
 */
function checkLocalized(at, item, required, optional = [], { allowEmpty = [] } = {}) {
  for (const locale of ['fr', 'en']) {
    const block = item[locale];
    if (!isObject(block)) {
      problems.push(`${at}: "${locale}" must be an object`);
      continue;
    }
    checkKeys(`${at}.${locale}`, block, required, optional);
    for (const key of [...required, ...optional]) {
      if (!(key in block)) continue;
      const value = block[key];
      if (typeof value !== 'string') problems.push(`${at}.${locale}.${key}: must be a string`);
      else if (value.trim() === '' && !allowEmpty.includes(key)) problems.push(`${at}.${locale}.${key}: is empty`);
    }
    if (typeof block.summary === 'string' && block.summary.length > SUMMARY_MAX) {
      problems.push(`${at}.${locale}.summary: ${block.summary.length} characters (max ${SUMMARY_MAX})`);
    }
    if (typeof block.summary === 'string') {
      for (const problem of readabilityProblems(block.summary)) {
        problems.push(`${at}.${locale}.summary: ${problem === 'longSentences' ? 'sentences too long' : 'too many long words'} (the CMS refuses it)`);
      }
    }
    if (typeof block.title === 'string' && block.title.length > TITLE_MAX) {
      problems.push(`${at}.${locale}.title: ${block.title.length} characters (max ${TITLE_MAX})`);
    }
  }
  if (isObject(item.fr) && isObject(item.en)) {
    for (const key of optional) {
      if ((key in item.fr) !== (key in item.en)) problems.push(`${at}: "${key}" is in one locale but not the other`);
    }
  }
}

function checkRef(at, value, known, what) {
  if (typeof value !== 'string') problems.push(`${at}: ${what} must be a slug string`);
  else if (known && !known.has(value)) problems.push(`${at}: unknown ${what} "${value}"`);
}

function checkRefList(at, value, known, what) {
  if (!Array.isArray(value) || value.length === 0) {
    problems.push(`${at}: must be a non-empty array of ${what} slugs`);
    return;
  }
  if (new Set(value).size !== value.length) problems.push(`${at}: lists the same ${what} twice`);
  value.forEach((slug, i) => checkRef(`${at}[${i}]`, slug, known, what));
}

function checkIntField(at, item, key, { required = true, min = -Infinity } = {}) {
  if (!(key in item)) {
    if (required) problems.push(`${at}: missing "${key}"`);
    return;
  }
  if (!isInt(item[key]) || item[key] < min) problems.push(`${at}.${key}: must be a whole number${min > -Infinity ? ` ≥ ${min}` : ''}`);
}

function checkContactInfo(at, obj) {
  if ('phone' in obj && !(typeof obj.phone === 'string' && PHONE.test(obj.phone))) {
    problems.push(`${at}.phone: "${obj.phone}" is not in the fictional 514-555-01xx range`);
  }
  if ('email' in obj && !(typeof obj.email === 'string' && EMAIL.test(obj.email))) {
    problems.push(`${at}.email: "${obj.email}" must be an @example.org address`);
  }
}

function checkPlace(at, place, { requireAccessibility = false } = {}) {
  if (!isObject(place)) {
    problems.push(`${at}: must be an object`);
    return;
  }
  checkKeys(at, place, ['venueName', 'address', 'lat', 'lng', 'fr', 'en']);
  if (!isText(place.venueName)) problems.push(`${at}.venueName: must be non-empty text`);
  if (!isText(place.address)) problems.push(`${at}.address: must be non-empty text`);
  if (!inQuebec(place.lat, place.lng)) problems.push(`${at}: coordinates (${place.lat}, ${place.lng}) are outside Québec`);
  checkLocalized(at, place, ['accessibilityNotes', 'transitHint'], [], {
    allowEmpty: requireAccessibility ? ['transitHint'] : ['accessibilityNotes', 'transitHint'],
  });
}

function checkContact(at, contact) {
  if (!isObject(contact)) {
    problems.push(`${at}: must be an object`);
    return;
  }
  checkKeys(at, contact, ['name', 'textingOk'], ['phone', 'email']);
  if (!isText(contact.name)) problems.push(`${at}.name: must be non-empty text`);
  if (typeof contact.textingOk !== 'boolean') problems.push(`${at}.textingOk: must be true or false`);
  if (!('phone' in contact) && !('email' in contact)) problems.push(`${at}: needs a phone or an email`);
  checkContactInfo(at, contact);
}

function checkBoundary(at, boundary) {
  if (!isObject(boundary) || !['Polygon', 'MultiPolygon'].includes(boundary.type)) {
    problems.push(`${at}: must be a GeoJSON Polygon or MultiPolygon`);
    return;
  }
  const polygons = boundary.type === 'Polygon' ? [boundary.coordinates] : boundary.coordinates;
  if (!Array.isArray(polygons) || polygons.length === 0) {
    problems.push(`${at}.coordinates: must be a non-empty array`);
    return;
  }
  for (const rings of polygons) {
    if (!Array.isArray(rings) || rings.length === 0) {
      problems.push(`${at}.coordinates: each polygon needs at least one ring`);
      continue;
    }
    for (const ring of rings) {
      if (!Array.isArray(ring) || ring.length < 4) {
        problems.push(`${at}.coordinates: a ring needs at least 4 positions`);
        continue;
      }
      // GeoJSON positions are [lng, lat]; a swapped pair lands far outside Québec and is caught here.
      for (const p of ring) {
        if (!Array.isArray(p) || p.length !== 2 || !inQuebec(p[1], p[0])) {
          problems.push(`${at}.coordinates: position ${JSON.stringify(p)} is not a [lng, lat] pair inside Québec`);
          break;
        }
      }
      const first = ring[0];
      const last = ring[ring.length - 1];
      if (!Array.isArray(first) || !Array.isArray(last) || first[0] !== last[0] || first[1] !== last[1]) {
        problems.push(`${at}.coordinates: a ring must end where it starts`);
      }
    }
  }
}

function checkNeighbourhood(at, n) {
  checkKeys(at, n, ['slug', 'territory', 'lat', 'lng', 'fsas', 'fr', 'en'], ['boundary', 'draft', 'ocEmails']);
  // Private list of the OCs who review drafts here; reserved domain so no real person gets mail.
  if ('ocEmails' in n && !(Array.isArray(n.ocEmails) && n.ocEmails.every((e) => typeof e === 'string' && EMAIL.test(e)))) {
    problems.push(`${at}.ocEmails: must be a list of @example.org e-mail addresses`);
  }
  if (!isText(n.territory)) problems.push(`${at}.territory: must be non-empty text (the CLSC name)`);
  if (!inQuebec(n.lat, n.lng)) problems.push(`${at}: centroid (${n.lat}, ${n.lng}) is outside Québec`);
  // A draft neighbourhood being prepared may not have its postal codes yet.
  if (!Array.isArray(n.fsas) || (n.fsas.length === 0 && n.draft !== true)) problems.push(`${at}.fsas: must be a non-empty array`);
  else n.fsas.forEach((f, i) => FSA.test(f) || problems.push(`${at}.fsas[${i}]: "${f}" is not a Québec FSA like H2X`));
  if ('boundary' in n) checkBoundary(`${at}.boundary`, n.boundary);
  checkLocalized(at, n, ['name']);
}

function checkTopic(at, t) {
  checkKeys(at, t, ['slug', 'fr', 'en'], ['draft']);
  checkLocalized(at, t, ['name']);
}

function checkOrganization(at, o, refs) {
  checkKeys(at, o, ['slug', 'name', 'kind', 'neighbourhood', 'fr', 'en'], ['phone', 'email', 'website', 'address', 'draft']);
  if (!isText(o.name)) problems.push(`${at}.name: must be non-empty text`);
  if (!ORG_KINDS.includes(o.kind)) problems.push(`${at}.kind: "${o.kind}" is not one of ${ORG_KINDS.join('|')}`);
  checkContactInfo(at, o);
  if ('website' in o && !(typeof o.website === 'string' && WEBSITE.test(o.website))) {
    problems.push(`${at}.website: "${o.website}" must be an https://…example.org address`);
  }
  if ('address' in o && !isText(o.address)) problems.push(`${at}.address: must be non-empty text`);
  checkRef(`${at}.neighbourhood`, o.neighbourhood, refs.neighbourhoods, 'neighbourhood');
  checkLocalized(at, o, ['description']);
}

const itemKeys = ['slug', 'organization', 'neighbourhoods', 'topics', 'fr', 'en'];

function checkItemRefs(at, item, refs) {
  if ('draft' in item && typeof item.draft !== 'boolean') problems.push(`${at}.draft: must be true or false`);
  checkRef(`${at}.organization`, item.organization, refs.organizations, 'organization');
  checkRefList(`${at}.neighbourhoods`, item.neighbourhoods, refs.neighbourhoods, 'neighbourhood');
  checkRefList(`${at}.topics`, item.topics, refs.topics, 'topic');
}

function checkEvent(at, e, refs) {
  checkKeys(
    at,
    e,
    [...itemKeys, 'startsInDays', 'time', 'durationMinutes', 'registrationMode', 'place'],
    ['draft', 'registrationUrl', 'capacity', 'maxSeatsPerRegistration', 'contact', 'image'],
  );
  checkItemRefs(at, e, refs);
  checkIntField(at, e, 'startsInDays');
  if (!TIME.test(String(e.time))) problems.push(`${at}.time: "${e.time}" is not HH:MM`);
  checkIntField(at, e, 'durationMinutes', { min: 1 });
  if (!REGISTRATION_MODES.includes(e.registrationMode)) {
    problems.push(`${at}.registrationMode: "${e.registrationMode}" is not one of ${REGISTRATION_MODES.join('|')}`);
  }
  if (e.registrationMode === 'external' && !isText(e.registrationUrl)) {
    problems.push(`${at}: registrationMode "external" needs a registrationUrl`);
  }
  if ('registrationUrl' in e && !(typeof e.registrationUrl === 'string' && /^https:\/\//.test(e.registrationUrl))) {
    problems.push(`${at}.registrationUrl: must be an https:// address`);
  }
  if (e.registrationMode === 'phone' && !(isObject(e.contact) && 'phone' in e.contact)) {
    warnings.push(`${at}: registrationMode "phone" without contact.phone (the organization's number is shown)`);
  }
  checkIntField(at, e, 'capacity', { required: false, min: 0 });
  // People per online registration: the CMS accepts 1–20 (4 when unset).
  checkIntField(at, e, 'maxSeatsPerRegistration', { required: false, min: 1 });
  if (isInt(e.maxSeatsPerRegistration) && e.maxSeatsPerRegistration > 20) problems.push(`${at}.maxSeatsPerRegistration: must be 20 or less`);
  // The CMS requires accessibility notes on an event's place (validate-content.ts).
  checkPlace(`${at}.place`, e.place, { requireAccessibility: true });
  if ('contact' in e) checkContact(`${at}.contact`, e.contact);
  checkLocalized(at, e, ['title', 'summary', 'body', 'cost'], imageAltKeys(e));
  checkImage(at, e);
}

function checkCall(at, c, refs) {
  checkKeys(
    at,
    c,
    [...itemKeys, 'kind', 'contact'],
    ['draft', 'startsInDays', 'time', 'durationMinutes', 'deadlineInDays', 'place', 'image'],
  );
  checkItemRefs(at, c, refs);
  if (!CALL_KINDS.includes(c.kind)) problems.push(`${at}.kind: "${c.kind}" is not one of ${CALL_KINDS.join('|')}`);
  checkIntField(at, c, 'startsInDays', { required: false });
  checkIntField(at, c, 'deadlineInDays', { required: false });
  checkIntField(at, c, 'durationMinutes', { required: false, min: 1 });
  if ('startsInDays' in c && !TIME.test(String(c.time))) problems.push(`${at}.time: "${c.time}" is not HH:MM (needed with startsInDays)`);
  if ('time' in c && !('startsInDays' in c)) problems.push(`${at}: "time" without "startsInDays"`);
  if ('durationMinutes' in c && !('startsInDays' in c)) problems.push(`${at}: "durationMinutes" without "startsInDays"`);
  if ('place' in c) checkPlace(`${at}.place`, c.place);
  checkContact(`${at}.contact`, c.contact);
  checkLocalized(at, c, ['title', 'summary', 'body'], imageAltKeys(c));
  checkImage(at, c);
}

/** `imageAlt` is allowed in fr/en only beside an image, and then required (the CMS refuses it otherwise). */
const imageAltKeys = (item) => ('image' in item ? ['imageAlt'] : []);

/** `image: { photoSeed }` asks the seed for a generated photo (cms/src/upload/demo-photo.ts). */
function checkImage(at, item) {
  if (!('image' in item)) return;
  if (!isObject(item.image)) {
    problems.push(`${at}.image: must be an object { photoSeed }`);
    return;
  }
  checkKeys(`${at}.image`, item.image, ['photoSeed']);
  checkIntField(`${at}.image`, item.image, 'photoSeed', { min: 1 });
  for (const locale of ['fr', 'en']) {
    const alt = item[locale]?.imageAlt;
    if (typeof alt !== 'string' || alt.trim() === '') problems.push(`${at}.${locale}.imageAlt: an image needs alternative text in each locale`);
    else if (alt.length > 250) problems.push(`${at}.${locale}.imageAlt: ${alt.length} characters (max 250)`);
  }
}

function checkWindow(at, item) {
  checkIntField(at, item, 'opensInDays');
  checkIntField(at, item, 'closesInDays');
  if (isInt(item.opensInDays) && isInt(item.closesInDays) && !(item.opensInDays < item.closesInDays)) {
    problems.push(`${at}: opensInDays (${item.opensInDays}) must be before closesInDays (${item.closesInDays})`);
  }
}

function checkQuestion(at, q) {
  if (!isObject(q)) {
    problems.push(`${at}: must be an object`);
    return;
  }
  checkKeys(at, q, ['kind', 'required', 'fr', 'en']);
  if (!QUESTION_KINDS.includes(q.kind)) problems.push(`${at}.kind: "${q.kind}" is not one of ${QUESTION_KINDS.join('|')}`);
  if (typeof q.required !== 'boolean') problems.push(`${at}.required: must be true or false`);
  const counts = {};
  for (const locale of ['fr', 'en']) {
    const block = q[locale];
    if (!isObject(block)) {
      problems.push(`${at}: "${locale}" must be an object`);
      continue;
    }
    checkKeys(`${at}.${locale}`, block, ['prompt', 'options']);
    if (!isText(block.prompt)) problems.push(`${at}.${locale}.prompt: must be non-empty text`);
    if (!Array.isArray(block.options) || !block.options.every(isText)) {
      problems.push(`${at}.${locale}.options: must be an array of non-empty texts`);
      continue;
    }
    counts[locale] = block.options.length;
    if (new Set(block.options).size !== block.options.length) problems.push(`${at}.${locale}.options: an option is listed twice`);
    if ((q.kind === 'single' || q.kind === 'multiple') && block.options.length < 2) {
      problems.push(`${at}.${locale}.options: a ${q.kind} question needs at least two options`);
    }
    if ((q.kind === 'text' || q.kind === 'scale') && block.options.length > 0) {
      problems.push(`${at}.${locale}.options: a ${q.kind} question takes no options (scale is always 1–5)`);
    }
  }
  if (counts.fr !== undefined && counts.en !== undefined && counts.fr !== counts.en) {
    problems.push(`${at}: fr has ${counts.fr} options but en has ${counts.en}`);
  }
}

function checkConsultation(at, c, refs) {
  checkKeys(at, c, [...itemKeys, 'opensInDays', 'closesInDays', 'questions'], ['draft']);
  checkItemRefs(at, c, refs);
  checkWindow(at, c);
  if (!Array.isArray(c.questions) || c.questions.length === 0) problems.push(`${at}.questions: must be a non-empty array`);
  else c.questions.forEach((q, i) => checkQuestion(`${at}.questions[${i}]`, q));
  checkLocalized(at, c, ['title', 'summary', 'body'], ['results']);
  const closed = isInt(c.closesInDays) && c.closesInDays < 0;
  const hasResults = isObject(c.fr) && 'results' in c.fr;
  if (hasResults && !closed) problems.push(`${at}: has results but is not closed yet (closesInDays ≥ 0)`);
  if (!hasResults && closed && !c.draft) warnings.push(`${at}: closed consultation without results`);
}

function checkPetition(at, p, refs) {
  checkKeys(
    at,
    p,
    [...itemKeys, 'opensInDays', 'closesInDays', 'status', 'signatureGoal', 'paperSignatures'],
    ['draft'],
  );
  checkItemRefs(at, p, refs);
  checkWindow(at, p);
  if (!PETITION_STATUSES.includes(p.status)) problems.push(`${at}.status: "${p.status}" is not one of ${PETITION_STATUSES.join('|')}`);
  checkIntField(at, p, 'signatureGoal', { min: 1 });
  checkIntField(at, p, 'paperSignatures', { min: 0 });
  checkLocalized(at, p, ['title', 'summary', 'demand', 'addressee'], ['body', 'response']);
  // The status must agree with the dates, or the site would show "open" on a petition that ended.
  if (p.status === 'open' && isInt(p.opensInDays) && isInt(p.closesInDays) && !(p.opensInDays <= 0 && p.closesInDays > 0)) {
    problems.push(`${at}: status "open" needs opensInDays ≤ 0 < closesInDays`);
  }
  if (p.status && p.status !== 'open' && isInt(p.closesInDays) && p.closesInDays > 0) {
    problems.push(`${at}: status "${p.status}" needs closesInDays ≤ 0`);
  }
  const hasResponse = isObject(p.fr) && 'response' in p.fr;
  if (p.status === 'answered' && !hasResponse) problems.push(`${at}: status "answered" needs a response`);
  if (p.status !== 'answered' && hasResponse) problems.push(`${at}: only an "answered" petition has a response`);
}

const checkers = {
  neighbourhoods: checkNeighbourhood,
  topics: checkTopic,
  organizations: checkOrganization,
  events: checkEvent,
  calls: checkCall,
  consultations: checkConsultation,
  petitions: checkPetition,
};

function load(name) {
  const path = join(dataDir, `${name}.json`);
  if (!existsSync(path)) return null;
  try {
    const data = JSON.parse(readFileSync(path, 'utf8'));
    if (!Array.isArray(data)) {
      problems.push(`${name}.json: must be a JSON array`);
      return [];
    }
    return data;
  } catch (error) {
    problems.push(`${name}.json: not valid JSON (${error.message})`);
    unreadable.add(name);
    return [];
  }
}

const files = Object.fromEntries([...taxonomyFiles, ...itemFiles].map((name) => [name, load(name)]));

/** Slug sets of taxonomies; null when the file is missing (references then cannot be checked). */
const refs = {};
for (const name of taxonomyFiles) {
  if (files[name] === null) {
    problems.push(`${name}.json: missing (every item refers to it)`);
    refs[name] = null;
  } else {
    refs[name] = new Set(files[name].filter(isObject).map((x) => x.slug));
  }
}

const summary = [];
let publishedItems = 0;
const used = { neighbourhoods: new Set(), topics: new Set() };

for (const [name, items] of Object.entries(files)) {
  if (items === null) {
    summary.push(`${name}.json: missing, skipped`);
    continue;
  }
  const seen = new Set();
  items.forEach((item, index) => {
    const at = where(name, index, item);
    if (!isObject(item)) {
      problems.push(`${at}: must be an object`);
      return;
    }
    if (typeof item.slug !== 'string' || !SLUG.test(item.slug) || item.slug.length > 120) {
      problems.push(`${at}: slug "${item.slug}" must be lower-case ASCII words joined by hyphens`);
    } else if (seen.has(item.slug)) {
      problems.push(`${at}: slug "${item.slug}" is used twice in ${name}.json`);
    }
    seen.add(item.slug);
    checkers[name](at, item, refs);
    if (itemFiles.includes(name) && !item.draft) {
      for (const key of ['neighbourhoods', 'topics']) {
        if (Array.isArray(item[key])) item[key].forEach((s) => used[key].add(s));
      }
    }
  });
  if (name === 'neighbourhoods') {
    // A postal code must lead to one neighbourhood only, or the "find my neighbourhood" form guesses.
    const owner = new Map();
    for (const n of items.filter(isObject)) {
      for (const fsa of Array.isArray(n.fsas) ? n.fsas : []) {
        if (owner.has(fsa)) problems.push(`neighbourhoods.json: FSA ${fsa} belongs to both ${owner.get(fsa)} and ${n.slug}`);
        else owner.set(fsa, n.slug);
      }
    }
  }
  const drafts = items.filter((x) => isObject(x) && x.draft === true).length;
  const published = items.length - drafts;
  if (itemFiles.includes(name)) publishedItems += published;
  // Every type is draft & publish: one draft per file proves drafts stay private, taxonomies included.
  if (drafts === 0 && !unreadable.has(name)) problems.push(`${name}.json: needs at least one "draft": true entry (drafts must stay private)`);
  summary.push(`${name}.json: ${items.length} entries (${published} published, ${drafts} draft)`);
}

const publishedCount = (list) => list.filter((x) => isObject(x) && x.draft !== true).length;
if (files.neighbourhoods && publishedCount(files.neighbourhoods) < MIN_NEIGHBOURHOODS) {
  problems.push(`neighbourhoods.json: ${publishedCount(files.neighbourhoods)} published, need at least ${MIN_NEIGHBOURHOODS}`);
}
if (files.organizations && publishedCount(files.organizations) < MIN_ORGANIZATIONS) {
  problems.push(`organizations.json: ${publishedCount(files.organizations)} published, need at least ${MIN_ORGANIZATIONS}`);
}
const missingItemFiles = itemFiles.filter((name) => files[name] === null);
if (publishedItems < MIN_PUBLISHED_ITEMS) {
  const note = missingItemFiles.length ? ` (missing: ${missingItemFiles.map((n) => `${n}.json`).join(', ')})` : '';
  problems.push(`items: ${publishedItems} published across events/calls/consultations/petitions, need at least ${MIN_PUBLISHED_ITEMS}${note}`);
}
summary.push(`published items (events+calls+consultations+petitions): ${publishedItems} (need ≥ ${MIN_PUBLISHED_ITEMS})`);

// Coverage: every neighbourhood and topic page should have something on it. Only a warning, since
// it depends on all item files being present.
for (const key of ['neighbourhoods', 'topics']) {
  if (!refs[key]) continue;
  const drafts = new Set((files[key] ?? []).filter((x) => isObject(x) && x.draft === true).map((x) => x.slug));
  const unused = [...refs[key]].filter((s) => !used[key].has(s) && !drafts.has(s));
  if (unused.length) warnings.push(`no published item refers to ${key}: ${unused.join(', ')}`);
}

console.log(`Demo data in ${dataDir}`);
for (const line of summary) console.log(`  ${line}`);
for (const w of warnings) console.log(`warning: ${w}`);
if (problems.length) {
  for (const p of problems) console.log(`problem: ${p}`);
  console.log(`${problems.length} problem(s).`);
  process.exit(1);
}
console.log('OK: no problems.');
