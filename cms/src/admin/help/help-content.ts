/**
 * The "Aide" page's text, French and English side by side (the admin shows the user's language).
 * Plain language, short sentences: what an OC does in this admin, as the product does it
 * (docs/editors.md, docs/participation.md, docs/privacy.md). Change it with the product.
 */
export interface HelpSection {
  id: string;
  title: { fr: string; en: string };
  steps: Array<{ fr: string; en: string }>;
}

export const helpTitle = { fr: 'Aide', en: 'Help' };
export const helpIntro = {
  fr: 'Ce que vous faites le plus souvent dans Passerelle, étape par étape.',
  en: 'What you do most often in Passerelle, step by step.',
};

export const helpSections: HelpSection[] = [
  {
    id: 'reviser',
    title: { fr: 'Réviser un événement proposé', en: 'Review a proposed event' },
    steps: [
      {
        fr: 'Les groupes marquent leur brouillon « À réviser ». Vous recevez un courriel, et l’événement apparaît dans « À réviser » sur la page d’accueil.',
        en: 'Groups mark their draft "To review". You get an email, and the event shows in "To review" on the homepage.',
      },
      {
        fr: 'Une activité proposée par un groupe sans compte arrive comme brouillon dans Événements. Ajoutez le lieu (adresse, latitude, longitude) et son accessibilité.',
        en: 'An activity proposed by a group without an account arrives as a draft in Events. Add the place (address, latitude, longitude) and its accessibility.',
      },
      {
        fr: 'Vérifiez le titre, la date, le lieu et le résumé. Le bouton d’aperçu, à droite de la fiche, montre la page comme sur le site.',
        en: 'Check the title, the date, the place and the summary. The preview button, on the right of the entry, shows the page as on the site.',
      },
      {
        fr: 'Des changements à faire ? Choisissez « changes_requested » dans l’état de révision et enregistrez : le groupe reçoit un courriel avec votre nom. Sinon, publiez.',
        en: 'Changes needed? Choose "changes_requested" as the review status and save: the group gets an email with your name. Otherwise, publish.',
      },
    ],
  },
  {
    id: 'publier',
    title: { fr: 'Publier', en: 'Publish' },
    steps: [
      {
        fr: 'Écrivez en français d’abord, puis passez à la langue « English » en haut de la fiche et remplissez la version anglaise.',
        en: 'Write in French first, then switch to the "English" locale at the top of the entry and fill in the English version.',
      },
      {
        fr: 'Cliquez sur « Publier ». Le site se met à jour tout seul en quelques minutes. Le widget « Publication du site » dit où en est la mise en ligne.',
        en: 'Click "Publish". The site updates by itself within a few minutes. The "Site publishing" widget tells how far it is.',
      },
      {
        fr: 'Un résumé trop difficile à lire est refusé avec la raison : raccourcissez les phrases et les mots longs.',
        en: 'A summary that is too hard to read is refused with the reason: shorten the sentences and the long words.',
      },
    ],
  },
  {
    id: 'annuler',
    title: { fr: 'Annuler un événement', en: 'Cancel an event' },
    steps: [
      {
        fr: 'Ouvrez l’événement, cochez « cancelled » et écrivez une courte note d’annulation dans chaque langue (pourquoi, ou la nouvelle date).',
        en: 'Open the event, tick "cancelled" and write a short cancellation note in each language (why, or the new date).',
      },
      {
        fr: 'Publiez. L’événement reste en ligne, marqué « Annulé », les inscriptions ferment et chaque personne inscrite est prévenue une fois.',
        en: 'Publish. The event stays online, marked "Cancelled", registrations close and every registered person is told once.',
      },
      { fr: 'Ne supprimez pas l’événement : les gens ne sauraient pas qu’il est annulé.', en: 'Do not delete the event: people would not know it is cancelled.' },
    ],
  },
  {
    id: 'resultat',
    title: { fr: 'Publier un résultat (pétition ou consultation)', en: 'Post an outcome (petition or consultation)' },
    steps: [
      {
        fr: 'Dans la pétition ou la consultation, choisissez le statut du résultat, sa date, et écrivez un court texte (600 caractères) dans chaque langue.',
        en: 'In the petition or the consultation, choose the outcome status, its date, and write a short text (600 characters) in each language.',
      },
      {
        fr: 'Publiez. Le résultat s’affiche en premier sur la page, et les personnes qui ont demandé des nouvelles sont prévenues une fois.',
        en: 'Publish. The outcome shows first on the page, and the people who asked for news are told once.',
      },
    ],
  },
  {
    id: 'reponses',
    title: { fr: 'Télécharger les réponses à une consultation', en: 'Download a consultation’s answers' },
    steps: [
      {
        fr: 'Sur la page d’accueil, widget « Consultations — réponses » : cliquez sur « Télécharger le CSV ». Le fichier s’ouvre dans Excel.',
        en: 'On the homepage, "Consultations — answers" widget: click "Download the CSV". The file opens in Excel.',
      },
      {
        fr: 'Ce sont des renseignements personnels (Loi 25) : gardez le fichier dans un dossier protégé et supprimez-le après usage.',
        en: 'This is personal information (Law 25): keep the file in a protected folder and delete it after use.',
      },
    ],
  },
  {
    id: 'loi25',
    title: { fr: 'Demandes Loi 25 (accès, effacement)', en: 'Law 25 requests (access, erasure)' },
    steps: [
      {
        fr: 'Une personne demande ce que Passerelle garde sur elle, ou de l’effacer ? Transmettez la demande à la personne responsable des renseignements personnels.',
        en: 'Someone asks what Passerelle keeps about them, or to erase it? Pass the request on to the person in charge of personal information.',
      },
      {
        fr: 'Cette personne (super administratrice) vérifie qui fait la demande, puis utilise le widget « Données personnelles (Loi 25) » : exporter, ou effacer après avoir retapé le courriel ou le téléphone. L’effacement est définitif.',
        en: 'That person (a super admin) checks who is asking, then uses the "Personal data (Law 25)" widget: export, or erase after typing the email or phone again. Erasure is final.',
      },
    ],
  },
  {
    id: 'documentation',
    title: { fr: 'Où trouver la documentation', en: 'Where the documentation is' },
    steps: [
      {
        fr: 'Le guide des éditeurs est dans le dépôt du projet : docs/editors.md (rôles, révision, widgets). La participation : docs/participation.md. La vie privée : docs/privacy.md.',
        en: 'The editors’ guide is in the project repository: docs/editors.md (roles, review, widgets). Participation: docs/participation.md. Privacy: docs/privacy.md.',
      },
      {
        fr: 'Pour afficher l’administration en anglais : votre profil (en bas du menu), « Langue de l’interface ».',
        en: 'To see the admin in French again: your profile (bottom of the menu), "Interface language".',
      },
    ],
  },
];
