import { createHash } from 'node:crypto';
import { pathTo, type CallToParticipate, type CommunityEvent, type Locale, type Organization, type Place } from '@passerelle/shared';
import { callIsCurrent, eventIsCurrent } from '../lifecycle.ts';

/**
 * Organizations and where they act, in Open Referral's Human Services Data Specification 3.0 JSON
 * (the format of 211 services and community directories), as one HSDS API `Page` holding every
 * organization. Each organization carries its own address and the places of its current events and
 * calls as HSDS locations; its current events go in `passerelle_events`, a documented extension
 * (HSDS has no events; the standard allows added properties, docs/open-data.md describes them).
 */

/** HSDS ids are UUIDs: a name-based UUID (RFC 9562 version 5) of our own id, stable from build to build. */
/** Passerelle's own namespace for those UUIDs (random, fixed once). */
const NAMESPACE = '4f1c2b9e-8d3a-4e6f-a7b2-5c0d9e8f1a63';
export function hsdsId(name: string): string {
  const hash = createHash('sha1').update(Buffer.from(NAMESPACE.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface HsdsLocation {
  id: string;
  location_type: 'physical';
  organization_id: string;
  name: string;
  /** The street address as written in the CMS: HSDS addresses need a parsed city and postal code we do not have. */
  description?: string;
  transportation?: string;
  latitude?: number;
  longitude?: number;
  accessibility?: { id: string; location_id: string; description: string }[];
}

export interface PasserelleEvent {
  id: string;
  name: string;
  description: string;
  start_datetime: string;
  end_datetime: string | null;
  location_id: string;
  url: string;
  cost: string | null;
}

export interface HsdsOrganization {
  id: string;
  name: string;
  description: string;
  email?: string;
  website?: string;
  uri: string;
  phones?: { id: string; organization_id: string; number: string }[];
  locations: HsdsLocation[];
  passerelle_events: PasserelleEvent[];
}

export interface HsdsPage {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: HsdsOrganization[];
}

export interface HsdsContent {
  organizations: Organization[];
  events: CommunityEvent[];
  calls: CallToParticipate[];
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
/** What the CMS accepts as a website or an email is looser than JSON Schema's `uri` and `email` formats. */
const webUrl = (value: string | null) => (value && /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(value) ? value : undefined);
const emailAddress = (value: string | null) => (value && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? value : undefined);
const placeKey = (p: Place) => `${p.venueName}|${p.address}|${round6(p.lat)}|${round6(p.lng)}`;

function placeLocation(place: Place, organizationId: string): HsdsLocation {
  const id = hsdsId(`place:${organizationId}:${placeKey(place)}`);
  return {
    id,
    location_type: 'physical',
    organization_id: organizationId,
    name: place.venueName,
    description: place.address,
    ...(place.transitHint ? { transportation: place.transitHint } : {}),
    latitude: round6(place.lat),
    longitude: round6(place.lng),
    ...(place.accessibilityNotes ? { accessibility: [{ id: hsdsId(`accessibility:${id}`), location_id: id, description: place.accessibilityNotes }] } : {}),
  };
}

function organizationOf(org: Organization, content: HsdsContent, locale: Locale, site: string | URL, now: Date): HsdsOrganization {
  const id = hsdsId(`organization:${org.documentId}`);
  const mine = <T extends { organization: { slug: string } | null }>(items: readonly T[]) => items.filter((item) => item.organization?.slug === org.slug);
  const events = mine(content.events)
    .filter((e) => eventIsCurrent(e, now))
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.slug.localeCompare(b.slug));
  const calls = mine(content.calls).filter((c) => callIsCurrent(c, now));
  const locations = new Map<string, HsdsLocation>();
  if (org.address) {
    locations.set('address', { id: hsdsId(`address:${org.documentId}`), location_type: 'physical', organization_id: id, name: org.name, description: org.address });
  }
  for (const place of [...events.map((e) => e.place), ...calls.flatMap((c) => c.place ?? [])]) {
    if (!locations.has(placeKey(place))) locations.set(placeKey(place), placeLocation(place, id));
  }
  const email = emailAddress(org.email);
  const website = webUrl(org.website);
  return {
    id,
    name: org.name,
    description: org.description ?? org.name,
    ...(email ? { email } : {}),
    ...(website ? { website } : {}),
    uri: new URL(pathTo(locale, 'organizations', org.slug), site).href,
    ...(org.phone ? { phones: [{ id: hsdsId(`phone:${org.documentId}`), organization_id: id, number: org.phone }] } : {}),
    locations: [...locations.values()],
    passerelle_events: events.map((e) => ({
      id: hsdsId(`event:${e.documentId}`),
      name: e.title,
      description: e.summary,
      start_datetime: e.startsAt,
      end_datetime: e.endsAt,
      location_id: locations.get(placeKey(e.place))!.id,
      url: new URL(pathTo(locale, 'events', e.slug), site).href,
      cost: e.cost,
    })),
  };
}

/** Every organization of one locale, on one page (HSDS API reference, "Lists and pagination"). */
export function hsdsOrganizations(content: HsdsContent, locale: Locale, site: string | URL, now: Date): HsdsPage {
  const contents = [...content.organizations]
    .sort((a, b) => a.slug.localeCompare(b.slug))
    .map((org) => organizationOf(org, content, locale, site, now));
  return {
    total_items: contents.length,
    total_pages: 1,
    page_number: 1,
    size: contents.length,
    first_page: true,
    last_page: true,
    empty: contents.length === 0,
    contents,
  };
}
