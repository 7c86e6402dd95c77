/**
 * Every string of the Passerelle homepage widgets, French first (the admin's default for our
 * users, see app.tsx) and English. One table so a missing translation is a type error.
 */
const table = {
  'publishing.title': { fr: 'Publication du site', en: 'Site publishing' },
  'publishing.live': { fr: 'Version en ligne', en: 'Live version' },
  'publishing.live.none': { fr: "Le site n'a pas encore été construit.", en: 'The site has not been built yet.' },
  'publishing.lastSuccess': { fr: 'Dernière mise en ligne réussie', en: 'Last successful publish' },
  'publishing.pages': { fr: '{count} pages', en: '{count} pages' },
  'publishing.lastFailure': { fr: 'Dernier échec', en: 'Last failure' },
  'publishing.failedLast': {
    fr: 'La dernière mise en ligne a échoué : le site affiche encore la version précédente.',
    en: 'The last publish failed: the site still shows the previous version.',
  },
  'publishing.upToDate': { fr: 'Le site est à jour.', en: 'The site is up to date.' },
  'publishing.log': { fr: 'Fin du journal de construction', en: 'End of the build log' },
  'publishing.queue': { fr: "File d'attente", en: 'Queue' },
  'publishing.queue.idle': { fr: 'Aucune publication en attente', en: 'Nothing waiting' },
  'publishing.queue.waiting': {
    fr: 'Publication reçue : la construction commence dans quelques secondes',
    en: 'Publish received: the build starts in a few seconds',
  },
  'publishing.queue.building': { fr: 'Construction en cours (depuis {since})', en: 'Building (since {since})' },
  'publishing.queue.building-then-again': {
    fr: 'Construction en cours (depuis {since}) ; une autre suivra pour les changements reçus entre-temps',
    en: 'Building (since {since}); another build will follow for the changes received meanwhile',
  },
  'publishing.pending': { fr: '{count} changement(s) en attente', en: '{count} change(s) waiting' },
  'publishing.statusPage': { fr: "Page d'état détaillée", en: 'Detailed status page' },
  'publishing.unreachable.not-configured': {
    fr: "La publication automatique n'est pas configurée (PUBLISHER_URL vide).",
    en: 'Automatic publishing is not configured (PUBLISHER_URL is empty).',
  },
  'publishing.unreachable.unreachable': {
    fr: "Le service de publication ne répond pas. Vos changements sont enregistrés ; ils seront en ligne quand il reviendra.",
    en: 'The publishing service does not answer. Your changes are saved; they go live when it is back.',
  },
  'publishing.unreachable.invalid-answer': {
    fr: 'Le service de publication a donné une réponse illisible.',
    en: 'The publishing service gave an unreadable answer.',
  },
  'publishing.checkedAt': { fr: 'Vérifié à {time}', en: 'Checked at {time}' },
  'messages.title': { fr: 'Messages en échec', en: 'Failed messages' },
  'messages.none': { fr: 'Aucun message en échec. {pending} en attente d’envoi.', en: 'No failed message. {pending} waiting to be sent.' },
  'messages.count': { fr: '{count} message(s) en échec, {pending} en attente d’envoi', en: '{count} failed message(s), {pending} waiting to be sent' },
  'messages.item': { fr: '{kind} ({channel}) · {attempts} essai(s) · {when}', en: '{kind} ({channel}) · {attempts} tries · {when}' },
  'messages.retry': { fr: 'Renvoyer', en: 'Send again' },
  'messages.retried': { fr: 'Remis dans la file d’envoi.', en: 'Queued again.' },
  'messages.forbidden': { fr: 'Réservé aux organisateur·trice·s communautaires.', en: 'Community organizers only.' },
  'week.title': { fr: 'Cette semaine', en: 'This week' },
  'week.empty': { fr: 'Aucun événement publié d’ici sept jours.', en: 'No published event in the next seven days.' },
  'week.registered': {
    fr: '{count, plural, =0 {aucune inscription} one {# inscrit·e} other {# inscrit·e·s}}',
    en: '{count, plural, =0 {no registrations} one {# registered} other {# registered}}',
  },
  'week.waitlisted': { fr: '{count} en attente', en: '{count} waitlisted' },
  'week.noRegistration': { fr: 'Sans inscription', en: 'No registration' },
  'week.cancelled': { fr: 'Annulé', en: 'Cancelled' },
  'week.forbidden': { fr: 'Réservé aux organisateur·trice·s communautaires.', en: 'Community organizers only.' },
  'review.title': { fr: 'À réviser', en: 'To review' },
  'review.empty': { fr: 'Rien à réviser pour le moment.', en: 'Nothing to review right now.' },
  'review.event': { fr: 'Événement', en: 'Event' },
  'review.call': { fr: 'Appel à participation', en: 'Call to participate' },
  'review.by': { fr: 'par {author}, {when}', en: 'by {author}, {when}' },
  'review.allEvents': { fr: 'Tous les événements à réviser', en: 'All events to review' },
  'review.allCalls': { fr: 'Tous les appels à réviser', en: 'All calls to review' },
  'review.forbidden': { fr: 'Réservé aux organisateur·trice·s communautaires.', en: 'For community organizers only.' },
  'participation.title': { fr: 'Participation par canal', en: 'Participation by channel' },
  'participation.empty': { fr: 'Personne n’a encore participé.', en: 'Nobody has taken part yet.' },
  'participation.item': { fr: 'Élément', en: 'Item' },
  'participation.neighbourhood': { fr: 'Quartier', en: 'Neighbourhood' },
  'participation.web': { fr: 'Web', en: 'Web' },
  'participation.sms': { fr: 'Texto', en: 'Text' },
  'participation.phone': { fr: 'Téléphone', en: 'Phone' },
  'participation.paper': { fr: 'Papier', en: 'Paper' },
  'participation.total': { fr: 'Total', en: 'Total' },
  'participation.byNeighbourhood': { fr: 'Par quartier', en: 'By neighbourhood' },
  'participation.privacy': {
    fr: 'Comptes seulement, sans témoin ni suivi. De 1 à 4 : « < 5 », et le total est arrondi, pour que personne ne soit reconnu.',
    en: 'Counts only, no cookies, no tracking. From 1 to 4: "< 5", and the total is rounded, so nobody can be singled out.',
  },
  'consultations.title': { fr: 'Consultations — réponses', en: 'Consultations — answers' },
  'consultations.empty': { fr: 'Aucune consultation publiée.', en: 'No published consultation.' },
  'consultations.open': { fr: 'En cours', en: 'Open' },
  'consultations.closed': { fr: 'Terminée', en: 'Closed' },
  'consultations.upcoming': { fr: 'À venir', en: 'Upcoming' },
  'consultations.period': { fr: 'du {opens} au {closes}', en: 'from {opens} to {closes}' },
  'consultations.answers': {
    fr: '{count, plural, =0 {aucune réponse} one {# réponse} other {# réponses}}',
    en: '{count, plural, =0 {no answers} one {# answer} other {# answers}}',
  },
  'consultations.suspect': { fr: 'dont {count} suspecte(s)', en: 'of which {count} suspect' },
  'consultations.download': { fr: 'Télécharger le CSV', en: 'Download the CSV' },
  'consultations.download.label': { fr: 'Télécharger les réponses à « {title} » (CSV)', en: 'Download the answers to “{title}” (CSV)' },
  'consultations.download.failed': { fr: 'Le téléchargement a échoué. Réessayez.', en: 'The download failed. Try again.' },
  'consultations.privacy': {
    fr: 'Renseignements personnels (Loi 25) : gardez ce fichier dans un dossier protégé et supprimez-le après usage.',
    en: 'Personal information (Law 25): keep this file in a protected folder and delete it after use.',
  },
  'consultations.forbidden': { fr: 'Réservé aux organisateur·trice·s communautaires.', en: 'For community organizers only.' },
  'person.title': { fr: 'Données personnelles (Loi 25)', en: 'Personal information (Law 25)' },
  'person.contact': { fr: 'Courriel ou téléphone de la personne', en: 'The person’s email or phone' },
  'person.contact.hint': {
    fr: 'Après avoir vérifié qui fait la demande. Toutes les façons d’écrire un même courriel sont trouvées.',
    en: 'After checking who is asking. Every spelling of the same email is found.',
  },
  'person.export.json': { fr: 'Exporter (JSON)', en: 'Export (JSON)' },
  'person.export.csv': { fr: 'Exporter (CSV)', en: 'Export (CSV)' },
  'person.confirm': { fr: 'Pour effacer, retapez le courriel ou le téléphone', en: 'To erase, type the email or phone again' },
  'person.confirm.hint': {
    fr: 'L’effacement est définitif : signatures, inscriptions, réponses, intérêts et propositions de cette personne.',
    en: 'Erasure is final: this person’s signatures, registrations, answers, interests and proposals.',
  },
  'person.erase': { fr: 'Effacer ses données', en: 'Erase their data' },
  'person.erased': {
    fr: '{count, plural, =0 {Rien à effacer.} one {# enregistrement effacé.} other {# enregistrements effacés.}}',
    en: '{count, plural, =0 {Nothing to erase.} one {# record erased.} other {# records erased.}}',
  },
  'person.failed': { fr: 'La demande a échoué : vérifiez le courriel ou le téléphone.', en: 'The request failed: check the email or phone.' },
  'poster.title': { fr: 'Affiche', en: 'Poster' },
  'poster.print': { fr: 'Imprimer une affiche', en: 'Print a poster' },
  'poster.opensSite': {
    fr: 'Elle s’ouvre sur le site public, dans un nouvel onglet.',
    en: 'It opens on the public site, in a new tab.',
  },
  'poster.not-published': {
    fr: 'Pas encore d’affiche : elle existe une fois le contenu publié et le site mis à jour.',
    en: 'No poster yet: it exists once the content is published and the site updated.',
  },
  'poster.no-slug': {
    fr: 'Pas encore d’affiche : la version publiée n’a pas d’adresse (champ « slug »).',
    en: 'No poster yet: the published version has no address (the "slug" field).',
  },
  'error': { fr: 'Impossible de charger ces informations. Rechargez la page.', en: 'Could not load this information. Reload the page.' },
} satisfies Record<string, { fr: string; en: string }>;

export type MessageKey = keyof typeof table;

const PREFIX = 'passerelle.widgets.';

/** A react-intl descriptor; the French text is the default when the admin's locale has none. */
export const message = (key: MessageKey) => ({ id: PREFIX + key, defaultMessage: table[key].fr });

/** The `translations` of the admin config (cms/src/admin/app.tsx). */
export function widgetTranslations(): { fr: Record<string, string>; en: Record<string, string> } {
  const fr: Record<string, string> = {};
  const en: Record<string, string> = {};
  for (const [key, text] of Object.entries(table)) {
    fr[PREFIX + key] = text.fr;
    en[PREFIX + key] = text.en;
  }
  return { fr, en };
}
