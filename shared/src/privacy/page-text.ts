import type { Locale } from '../locales.ts';
import type { PrivacyOfficer } from './officer.ts';
import type { RetentionPolicy } from './retention.ts';
import { alertConfirmationDays } from '../participation/alert-rules.ts';
import { spaceRules } from '../participation/practitioners.ts';

/**
 * The privacy page (Law 25's "politique de confidentialité" in plain language): who is responsible,
 * what is collected for which purpose, how long it is kept, and how to exercise one's rights.
 * Plain text only; the page escapes it. Keep it short sentences: many readers are not at ease with
 * reading, and some read it in their second language.
 */
export interface PrivacySection {
  heading: string;
  paragraphs?: string[];
  items?: string[];
}
export interface PrivacyPageText {
  title: string;
  description: string;
  intro: string;
  sections: PrivacySection[];
  updated: string;
}

const UPDATED = { fr: 'Mise à jour : 6 décembre 2026.', en: 'Updated: December 6, 2026.' };

function contactLines(o: PrivacyOfficer, locale: Locale): string[] {
  return [
    o.name ? `${o.name}, ${o.title}` : o.title,
    o.organization,
    `${locale === 'fr' ? 'Courriel\u00a0:' : 'Email:'} ${o.email}`,
    ...(o.phone ? [`${locale === 'fr' ? 'Téléphone\u00a0:' : 'Phone:'} ${o.phone}`] : []),
    ...(o.address ? [`${locale === 'fr' ? 'Adresse\u00a0:' : 'Address:'} ${o.address}`] : []),
  ];
}

export function privacyPageText(locale: Locale, officer: PrivacyOfficer, r: RetentionPolicy): PrivacyPageText {
  if (locale === 'en') {
    return {
      title: 'Your personal information',
      description: 'What Passerelle collects, why, how long it is kept, and how to see, correct or delete it.',
      intro:
        'You can read everything on Passerelle without giving any personal information. We only ask for some when you take part: sign a petition, answer a consultation, register for an activity, say you are interested in a call, or propose an activity.',
      sections: [
        { heading: 'Who is responsible', paragraphs: ['The person in charge of the protection of personal information answers your questions and requests:'], items: contactLines(officer, locale) },
        {
          heading: 'What we collect, and why',
          items: [
            'Signing a petition: your name, postal code, and email or mobile number. To confirm that you signed, to count each person once, and to tell you about the petition if you ticked that box.',
            'Answering a consultation: your answers, without your name. Your contact details only if you ask to be contacted about the follow-up, for example to be told what was decided.',
            'Registering for an activity: your name, a way to reach you, the number of people and your accessibility needs. To keep your place, remind you the day before and warn you of a change.',
            '"I\'m interested" in a call: your name, a way to reach you and when to call you. They are sent to the contact person of the call.',
            'Proposing an activity: your contact details, so a community organizer can answer you.',
            'Alerts for your neighbourhood: your email or mobile number, what you chose (the neighbourhood or territory, the topic, weekly or also right away), your language and when you agreed. Only to send you those alerts. No account.',
            'The practitioners’ space (for community organizers and invited staff of local groups only): the name, work email or mobile, role and organization an organizer entered for you, your sign-in sessions, your round tables, the meetings you were noted present at, what you write in minutes, and your calendar subscription addresses (kept only as a fingerprint). Only to let you in and let your round tables work together: their members see your name and organization, and your email or mobile only if you agreed to show them. In the partner directory, you appear only if you choose to, with what people can contact you for and only the contact details you tick, in “My entry in the directory”, where you can withdraw at any time. Links you share in the shared resources show your name; they are kept if your data is erased, signed “Former member”.',
            'The address of your device (IP address): only to block abusive sending. It is kept scrambled (hashed), never as is.',
          ],
        },
        {
          heading: 'What we never do',
          items: [
            'We do not sell or rent your information, and we do not use it for advertising.',
            'No tracking cookies, no visit statistics, no outside service: the pages load nothing from other sites. The interactive map loads map images from a map server only if you open it.',
            'Your name is never shown on the site. Only the number of signatures is public.',
            'The pages you read are kept on your phone or computer only, so they open without a connection. We never see which ones. Forms and your answers are never kept there.',
          ],
        },
        {
          heading: 'How long we keep it',
          items: [
            `Petition signatures: your name, email, phone and the end of your postal code are erased ${r.signatureMonthsAfterClose} months after the petition closes. Only the count remains.`,
            r.consultationContactDaysAfterClose === 0
              ? 'Consultation contact details: erased when the consultation closes.'
              : `Consultation contact details: erased ${r.consultationContactDaysAfterClose} days after the consultation closes.`,
            `Activity registrations: erased ${r.registrationDaysAfterEvent} days after the activity.`,
            `"I'm interested" messages and activity proposals: erased ${r.contactRequestDays} days after they are handled.`,
            `Sendings blocked as suspicious: erased after ${r.suspectDays} days.`,
            `Neighbourhood alerts: kept until you stop them (the link at the bottom of each message, or STOP by text). A request you never confirmed is erased after ${alertConfirmationDays} days.`,
            `Practitioners’ space: your record is kept while you are invited and use the space: after ${r.spaceInactiveMemberMonths} months without signing in, it is erased with what you wrote there, and you are told once, 30 days before, by email or text (signing in keeps it); your sessions end after ${spaceRules.idleHours} hours without use (${spaceRules.maxDays} days at most) and are then erased; sign-in links and codes are erased within a day; meetings and their minutes are kept as long as their round table; leaving a table, or an erasure, takes you off it and its attendance lists and ends your calendar addresses; requests for a hand and their replies are seen only by the members of the chosen tables and deleted ${r.handRequestMonthsAfterResolved} months after they are resolved (an erasure deletes your requests and signs your replies “Former member”); messages in a round table’s or a resource’s discussion are seen only by those who see the table or the resource, deleted ${r.threadMessageMonths} months after they are posted, and an erasure deletes yours; shared resources (a link or a document, with their discussion) are deleted with their document ${r.spaceResourceMonths} months after they were last changed; your registrations for members-only peer sessions are seen only by you and the OCs, and deleted with the session ${r.peerSessionMonthsAfterEnd} months after it ends (an erasure deletes them at once).`,
            `Training progress in the practitioners’ space: kept only if you choose to (a unit marked done, a self-check’s result), seen only by you, erasable by you at any time, and deleted ${r.trainingProgressMonthsIdle} months after you last changed it, or with your record.`,
          ],
        },
        {
          heading: 'Your rights',
          paragraphs: [
            'You can ask to see the information we hold about you, to correct it, or to delete it. You can also withdraw your consent (for example, to stop receiving news of a petition). Write to the person in charge above, giving the email or phone number you used. We answer within 30 days.',
            'If you are not satisfied with our answer, you can complain to the Commission d\'accès à l\'information du Québec (cai.gouv.qc.ca).',
          ],
        },
        {
          heading: 'If something goes wrong',
          paragraphs: [
            'Every confidentiality incident is recorded in a register. If an incident could cause you serious harm, we tell you and the Commission d\'accès à l\'information quickly.',
          ],
        },
      ],
      updated: UPDATED.en,
    };
  }
  return {
    title: 'Vos renseignements personnels',
    description: 'Ce que Passerelle recueille, pourquoi, combien de temps, et comment le consulter, le corriger ou l’effacer.',
    intro:
      'Vous pouvez tout lire sur Passerelle sans donner aucun renseignement personnel. Nous en demandons seulement quand vous participez : signer une pétition, répondre à une consultation, vous inscrire à une activité, dire qu’un appel vous intéresse ou proposer une activité.',
    sections: [
      { heading: 'Qui est responsable', paragraphs: ['La personne responsable de la protection des renseignements personnels répond à vos questions et à vos demandes\u00a0:'], items: contactLines(officer, locale) },
      {
        heading: 'Ce que nous recueillons, et pourquoi',
        items: [
          'Signer une pétition : votre nom, votre code postal, et votre courriel ou votre numéro de cellulaire. Pour confirmer que c’est bien vous, compter chaque personne une seule fois, et vous donner des nouvelles de la pétition si vous avez coché cette case.',
          'Répondre à une consultation : vos réponses, sans votre nom. Vos coordonnées seulement si vous demandez qu’on vous contacte pour la suite, par exemple pour vous dire ce qui a été décidé.',
          'Vous inscrire à une activité : votre nom, un moyen de vous joindre, le nombre de personnes et vos besoins d’accessibilité. Pour garder votre place, vous rappeler l’activité la veille et vous prévenir d’un changement.',
          '« Ça m’intéresse » pour un appel : votre nom, un moyen de vous joindre et le moment pour vous appeler. Ils sont transmis à la personne-ressource de l’appel.',
          'Proposer une activité : vos coordonnées, pour qu’une organisatrice ou un organisateur communautaire vous réponde.',
          'Alertes de votre quartier : votre courriel ou votre numéro de cellulaire, vos choix (le quartier ou le territoire, le thème, chaque semaine ou aussi tout de suite), votre langue et la date de votre accord. Seulement pour vous envoyer ces alertes. Aucun compte.',
          'L’espace intervenant·e·s (pour les OC et les équipes invitées des groupes locaux seulement) : le nom, le courriel ou cellulaire de travail, le rôle et l’organisme qu’une OC a notés pour vous, vos sessions de connexion, vos tables, les rencontres où vous avez été noté·e présent·e, ce que vous écrivez dans les comptes rendus et vos adresses d’abonnement au calendrier (gardées seulement sous forme d’empreinte). Seulement pour vous laisser entrer et faire travailler vos tables ensemble : leurs membres voient votre nom et votre organisme, et votre courriel ou cellulaire seulement si vous avez accepté de les montrer. Dans le répertoire des partenaires, vous n’apparaissez que si vous le choisissez, avec ce pour quoi on peut vous joindre et seulement les coordonnées que vous cochez, dans « Ma fiche dans le répertoire », où vous pouvez retirer votre accord à tout moment. Les liens que vous partagez dans les ressources portent votre nom ; ils sont gardés si vos données sont effacées, signés « Ancien membre ».',
          'L’adresse de votre appareil (adresse IP) : seulement pour bloquer les envois abusifs. Elle est gardée brouillée (hachée), jamais telle quelle.',
        ],
      },
      {
        heading: 'Ce que nous ne faisons jamais',
        items: [
          'Nous ne vendons pas et ne louons pas vos renseignements, et nous ne faisons pas de publicité.',
          'Aucun témoin (cookie) de suivi, aucune statistique de visite, aucun service extérieur : les pages ne chargent rien d’autres sites. La carte interactive charge des images de carte d’un serveur de cartes seulement si vous l’ouvrez.',
          'Votre nom n’est jamais affiché sur le site. Seul le nombre de signatures est public.',
          'Les pages que vous lisez sont gardées sur votre téléphone ou votre ordinateur seulement, pour s’ouvrir sans connexion. Nous ne savons pas lesquelles. Les formulaires et vos réponses n’y sont jamais gardés.',
        ],
      },
      {
        heading: 'Combien de temps nous les gardons',
        items: [
          `Signatures de pétitions : votre nom, votre courriel, votre téléphone et la fin de votre code postal sont effacés ${r.signatureMonthsAfterClose} mois après la fermeture de la pétition. Seul le nombre reste.`,
          r.consultationContactDaysAfterClose === 0
            ? 'Coordonnées laissées dans une consultation : effacées à la fermeture de la consultation.'
            : `Coordonnées laissées dans une consultation : effacées ${r.consultationContactDaysAfterClose} jours après la fermeture de la consultation.`,
          `Inscriptions aux activités : effacées ${r.registrationDaysAfterEvent} jours après l’activité.`,
          `Messages « Ça m’intéresse » et propositions d’activités : effacés ${r.contactRequestDays} jours après leur traitement.`,
          `Envois bloqués comme suspects : effacés après ${r.suspectDays} jours.`,
          `Alertes de quartier : gardées jusqu’à ce que vous les arrêtiez (le lien au bas de chaque message, ou ARRÊT par texto). Une demande jamais confirmée est effacée après ${alertConfirmationDays} jours.`,
          `Espace intervenant·e·s : votre fiche est gardée tant que vous êtes invité·e et que vous utilisez l’espace : après ${r.spaceInactiveMemberMonths} mois sans connexion, elle est effacée avec ce que vous y avez écrit, et vous êtes averti·e une fois, 30 jours avant, par courriel ou texto (vous connecter la garde) ; vos sessions prennent fin après ${spaceRules.idleHours} heures sans usage (${spaceRules.maxDays} jours au plus), puis sont effacées ; les liens et codes de connexion sont effacés dans la journée ; les rencontres et leurs comptes rendus sont gardés tant que leur table existe ; quitter une table, ou un effacement, vous retire de la table et de ses présences et met fin à vos adresses de calendrier ; les demandes de coups de main et leurs réponses ne sont vues que par les membres des tables choisies et sont effacées ${r.handRequestMonthsAfterResolved} mois après avoir été résolues (un effacement supprime vos demandes et signe vos réponses « Ancien membre ») ; les messages d’une discussion de table ou de ressource ne sont vus que par qui voit la table ou la ressource, sont effacés ${r.threadMessageMonths} mois après leur publication, et un effacement supprime les vôtres ; les ressources partagées (un lien ou un document, avec leur discussion) sont effacées avec leur document ${r.spaceResourceMonths} mois après leur dernière modification ; vos inscriptions aux séances entre pairs ne sont vues que par vous et les OC, et sont effacées avec la séance ${r.peerSessionMonthsAfterEnd} mois après sa fin (un effacement les supprime aussitôt).`,
          `Progression en formation dans l’espace intervenant·e·s : gardée seulement si vous le choisissez (une unité marquée faite, le résultat d’une vérification), vue par vous seul·e, effaçable par vous en tout temps, et effacée ${r.trainingProgressMonthsIdle} mois après votre dernier changement, ou avec votre fiche.`,
        ],
      },
      {
        heading: 'Vos droits',
        paragraphs: [
          'Vous pouvez demander à voir les renseignements que nous avons sur vous, à les corriger ou à les effacer. Vous pouvez aussi retirer votre consentement (par exemple, ne plus recevoir de nouvelles d’une pétition). Écrivez à la personne responsable ci-dessus, avec le courriel ou le numéro de téléphone que vous avez utilisé. Nous répondons dans les 30 jours.',
          'Si notre réponse ne vous satisfait pas, vous pouvez porter plainte à la Commission d’accès à l’information du Québec (cai.gouv.qc.ca).',
        ],
      },
      {
        heading: 'Si un incident arrive',
        paragraphs: [
          'Chaque incident de confidentialité est noté dans un registre. Si un incident risque de vous causer un préjudice sérieux, nous vous avisons rapidement, ainsi que la Commission d’accès à l’information.',
        ],
      },
    ],
    updated: UPDATED.fr,
  };
}
