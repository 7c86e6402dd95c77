import type { Core } from '@strapi/strapi';
import { type DirectoryConsent, type DirectoryContact, type DirectoryOrganization, type DirectoryView } from '@passerelle/shared/participation';
import type { Locale } from '@passerelle/shared/locales';
import { practitionerUid } from './sessions';

/**
 * The partner directory, read for one signed-in member. Organizations come from their public
 * record (one record, two views: the site shows the same one); the people come from the members
 * who chose to be listed, and a member's email or mobile is read into the page only when that
 * member ticked it. Consent lives on the member's private record, never on the organization.
 */
const organizationUid = 'api::organization.organization';
const neighbourhoodUid = 'api::neighbourhood.neighbourhood';

export const directoryFields = ['documentId', 'name', 'email', 'phone', 'directoryListed', 'directoryForWhat', 'directoryShowEmail', 'directoryShowPhone'] as const;

export interface DirectoryMember {
  documentId: string;
  name: string;
  email: string | null;
  phone: string | null;
  directoryListed: boolean;
  directoryForWhat: string | null;
  directoryShowEmail: boolean;
  directoryShowPhone: boolean;
  organization?: { documentId: string; name: string } | null;
}

interface OrganizationRow {
  documentId: string;
  name: string;
  description: string | null;
  address: string | null;
  openingHours: string | null;
  languages: string | null;
  accessibility: string | null;
  website: string | null;
  phone: string | null;
  email: string | null;
  neighbourhood?: { documentId: string; slug: string; name: string } | null;
}

const otherLocale = (locale: Locale): Locale => (locale === 'fr' ? 'en' : 'fr');

/** The one place a member's contact details become visible: only what they ticked, only while listed. */
export function contactOf(member: DirectoryMember): DirectoryContact {
  return {
    name: member.name,
    forWhat: member.directoryForWhat ?? '',
    email: member.directoryListed && member.directoryShowEmail ? member.email : null,
    phone: member.directoryListed && member.directoryShowPhone ? member.phone : null,
  };
}

/** Published documents in the page's language first, the other language for those that have none in it. */
async function publishedInEither<T extends { documentId: string }>(strapi: Core.Strapi, uid: typeof organizationUid | typeof neighbourhoodUid, locale: Locale, query: Record<string, unknown>): Promise<T[]> {
  const found = new Map<string, T>();
  for (const language of [locale, otherLocale(locale)]) {
    // why: the document service's query type is generated per content type; this helper serves two.
    const rows = (await strapi.documents(uid).findMany({ ...query, locale: language, status: 'published' } as never)) as unknown as T[];
    for (const row of rows) if (!found.has(row.documentId)) found.set(row.documentId, row);
  }
  return [...found.values()];
}

export async function directoryView(strapi: Core.Strapi, locale: Locale, chosenSlug: string | null): Promise<DirectoryView> {
  const neighbourhoods = (await publishedInEither<{ documentId: string; slug: string; name: string }>(strapi, neighbourhoodUid, locale, { fields: ['slug', 'name'] })).sort((a, b) => a.name.localeCompare(b.name, locale));
  const chosen = neighbourhoods.some((n) => n.slug === chosenSlug) ? chosenSlug : null;
  const organizations = (
    await publishedInEither<OrganizationRow>(strapi, organizationUid, locale, {
      fields: ['name', 'description', 'address', 'openingHours', 'languages', 'accessibility', 'website', 'phone', 'email'],
      populate: { neighbourhood: { fields: ['slug', 'name'] } },
    })
  ).sort((a, b) => a.name.localeCompare(b.name, locale));
  const listed = (await strapi.db.query(practitionerUid).findMany({
    where: { active: true, directoryListed: true },
    select: [...directoryFields],
    orderBy: { name: 'asc' },
    populate: { organization: { select: ['documentId', 'name'] } },
  })) as DirectoryMember[];
  const known = new Set(organizations.map((o) => o.documentId));
  const placeName = new Map(neighbourhoods.map((n) => [n.slug, n.name]));
  const shown: DirectoryOrganization[] = organizations
    .filter((o) => chosen === null || o.neighbourhood?.slug === chosen)
    .map((o) => ({
      documentId: o.documentId,
      name: o.name,
      description: o.description,
      address: o.address,
      neighbourhood: o.neighbourhood ? (placeName.get(o.neighbourhood.slug) ?? o.neighbourhood.name) : null,
      openingHours: o.openingHours,
      languages: o.languages,
      accessibility: o.accessibility,
      website: o.website,
      phone: o.phone,
      email: o.email,
      contacts: listed.filter((m) => m.organization?.documentId === o.documentId).map(contactOf),
    }));
  return {
    neighbourhoods: neighbourhoods.map(({ slug, name }) => ({ slug, name })),
    chosen,
    organizations: shown,
    unaffiliated: listed.filter((m) => !m.organization || !known.has(m.organization.documentId)).map(contactOf),
  };
}

export async function directoryMember(strapi: Core.Strapi, memberId: string, locale: Locale): Promise<DirectoryMember & { organizationName: string | null }> {
  const member = (await strapi.db.query(practitionerUid).findOne({ where: { documentId: memberId }, select: [...directoryFields], populate: { organization: { select: ['documentId', 'name'] } } })) as DirectoryMember;
  let organizationName: string | null = member.organization?.name ?? null;
  if (member.organization) {
    const published = await publishedInEither<{ documentId: string; name: string }>(strapi, organizationUid, locale, { filters: { documentId: member.organization.documentId }, fields: ['name'] });
    organizationName = published[0]?.name ?? organizationName;
  }
  return { ...member, organizationName };
}

export async function saveDirectoryConsent(strapi: Core.Strapi, memberId: string, consent: DirectoryConsent): Promise<void> {
  await strapi.db.query(practitionerUid).update({
    where: { documentId: memberId },
    data: { directoryListed: consent.listed, directoryForWhat: consent.forWhat || null, directoryShowEmail: consent.showEmail, directoryShowPhone: consent.showPhone },
  });
}
