/**
 * The Content Manager's left menu, named and ordered for what OCs do all day: events first, then
 * calls, consultations, petitions, the places and themes they file things under, the organizations;
 * then the practitioners' space, then the private and technical collections.
 *
 * Strapi 5.54 sorts that menu alphabetically by each link's `title` (the schema's
 * `info.displayName`) *after* the `Admin/CM/pages/App/mutate-collection-types-links` hook, then
 * shows `formatMessage({ id: title })`. So the hook gives each link a title that sorts where we want
 * it ("01 Événement …") and that is also a translation id, translated below into the menu label. The
 * schemas' `displayName` is untouched (the list view's header still shows it): the API and GraphQL
 * names come from singularName/pluralName, and changing nothing there risks nothing there.
 * The sort key keeps the French and English names in it so the menu's search box finds both.
 * A type missing from this table keeps its displayName and comes after the numbered ones.
 */
const menu: ReadonlyArray<{ uid: string; fr: string; en: string }> = [
  { uid: 'api::event.event', fr: 'Événements', en: 'Events' },
  { uid: 'api::call.call', fr: 'Appels à participation', en: 'Calls to participate' },
  { uid: 'api::consultation.consultation', fr: 'Consultations', en: 'Consultations' },
  { uid: 'api::petition.petition', fr: 'Pétitions', en: 'Petitions' },
  { uid: 'api::neighbourhood.neighbourhood', fr: 'Quartiers', en: 'Neighbourhoods' },
  { uid: 'api::topic.topic', fr: 'Thèmes', en: 'Themes' },
  { uid: 'api::organization.organization', fr: 'Organismes', en: 'Organizations' },
  { uid: 'api::access-point.access-point', fr: 'Points d’accès numérique', en: 'Digital access points' },
  { uid: 'api::training-module.training-module', fr: 'Modules de formation', en: 'Training modules' },
  // The practitioners' space (docs/practitioners-space.md).
  { uid: 'api::practitioners.practitioner', fr: 'Intervenant·e·s (espace)', en: 'Practitioners (space)' },
  { uid: 'api::practitioners.round-table', fr: 'Tables de quartier (espace)', en: 'Round tables (space)' },
  { uid: 'api::practitioners.diagnostic', fr: 'Diagnostics de quartier (espace)', en: 'Neighbourhood diagnostics (space)' },
  { uid: 'api::practitioners.diagnostic-action', fr: 'Actions des plans de quartier (espace)', en: 'Plan of action items (space)' },
  // Residents' data and the Law 25 register: super admins only (docs/editors.md, admin roles).
  { uid: 'api::participation.event-proposal', fr: 'Propositions d’événement (privé)', en: 'Event proposals (private)' },
  { uid: 'api::participation.registration', fr: 'Inscriptions (privé)', en: 'Registrations (private)' },
  { uid: 'api::participation.signature', fr: 'Signatures (privé)', en: 'Signatures (private)' },
  { uid: 'api::participation.consultation-response', fr: 'Réponses aux consultations (privé)', en: 'Consultation answers (private)' },
  { uid: 'api::participation.interest', fr: 'Intérêts (privé)', en: 'Interests (private)' },
  { uid: 'api::participation.alert-subscription', fr: 'Alertes de quartier (privé)', en: 'Neighbourhood alerts (private)' },
  { uid: 'api::participation.sms-conversation', fr: 'Conversations par texto (privé)', en: 'Text conversations (private)' },
  { uid: 'api::participation.sms-opt-out', fr: 'Numéros désabonnés des textos (privé)', en: 'Numbers opted out of texts (private)' },
  { uid: 'api::participation.privacy-incident', fr: 'Registre des incidents de confidentialité', en: 'Privacy incident register' },
  { uid: 'api::participation.event-seat-pool', fr: 'Places d’événement (technique)', en: 'Event seats (technical)' },
  // Strapi's own accounts for its public API: Passerelle signs no resident in with them.
  { uid: 'plugin::users-permissions.user', fr: 'Comptes de l’API (technique)', en: 'API accounts (technical)' },
];

const sortKey = (index: number, entry: { fr: string; en: string }) => `${String(index + 1).padStart(2, '0')} ${entry.fr} · ${entry.en}`;

/** Menu link titles by content-type uid: the sort key that is also the label's translation id. */
const titles = new Map(menu.map((entry, index) => [entry.uid, sortKey(index, entry)]));

type MenuLink = { uid: string; title: string };

/** The `Admin/CM/pages/App/mutate-collection-types-links` waterfall step. */
export function orderContentMenu<T extends { ctLinks: MenuLink[] }>(payload: T): T {
  return { ...payload, ctLinks: payload.ctLinks.map((link) => ({ ...link, title: titles.get(link.uid) ?? link.title })) };
}

/** The French and English labels of the menu, keyed by their sort keys. */
export function contentMenuTranslations(): { fr: Record<string, string>; en: Record<string, string> } {
  const fr: Record<string, string> = {};
  const en: Record<string, string> = {};
  menu.forEach((entry, index) => {
    fr[sortKey(index, entry)] = entry.fr;
    en[sortKey(index, entry)] = entry.en;
  });
  return { fr, en };
}

/** The menu's labels in order, for the admin tests (tests/admin). */
export const contentMenuLabels = menu.map(({ fr, en }) => ({ fr, en }));
