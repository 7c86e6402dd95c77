import type { Locale } from '@passerelle/shared/locales';

/**
 * Everything the phone line says, and the one text it sends, French first. One file, so whoever
 * rewords the line reads it whole: the words are written to be heard (short sentences, numbers as
 * keys, "le carré" for # as Québec says it) and read by the provider's text-to-speech in fr-CA
 * (or English after 9). Values from the CMS (titles, places, names) are XML-escaped by twiml.ts,
 * never here.
 */
export interface VoicePrompts {
  /** Played first, in French only: the English key is said in English. */
  welcome: string;
  askNeighbourhood: string;
  heardNothing: string;
  goodbye: string;
  wrongKey: string;
  unknownNeighbourhood: (number: string) => string;
  nothingThisWeek: (place: string) => string;
  thisWeek: (place: string, count: number) => string;
  eventItem: (n: number, title: string, when: string, place: string | null) => string;
  petitionItem: (n: number, title: string, until: string) => string;
  /**
   * The keys after an item; `register` only when the event takes registrations by form, `places`
   * only when the neighbourhood has a place to get online.
   */
  itemMenu: (options: { register: boolean; next: boolean; places: boolean }) => string;
  endOfList: (place: string) => string;
  sent: string;
  alreadySent: string;
  optedOut: string;
  cannotText: string;
  registered: (title: string) => string;
  waitlisted: (title: string) => string;
  registeredNoText: string;
  registerNotByForm: string;
  registerNotNeeded: string;
  registerClosed: string;
  petitionByText: string;
  /** After 4: the alerts' confirmation was texted (double opt-in: the caller's number may be spoofed). */
  alertRequested: string;
  tooManyActions: string;
  tooManyCalls: string;
  itemGone: string;
  /** The name a registration made by phone carries (the organizer's list shows it). */
  registrantName: string;
  /** The text message sent after 1: the item, when, and its short link (kept whole by the outbox). */
  textItem: (title: string, when: string, link: string) => string;
  /** Said at the welcome when a published episode has a phone version: the star plays it. */
  episodeOffer: string;
  /** Before the episode plays: its title. */
  episodeIntro: (title: string) => string;
  /** After it played (or when none can be played any more): back to the neighbourhood's question. */
  episodeEnd: string;
  noEpisode: string;
  /** Nothing this week, but places to get online: 5 reads them, 0 another neighbourhood. */
  placesOffer: string;
  /** Before the first three places: how many are known there. */
  placesIntro: (place: string, count: number) => string;
  placesNone: (place: string) => string;
  /** After the last place, 1 starts the list again. */
  placesEnd: (place: string) => string;
  /** A place: its number in the list, its name, its address in words. */
  placeItem: (n: number, name: string, address: string) => string;
  placeOpenNow: (closes: string) => string;
  placeOpensLater: (opens: string, closes: string) => string;
  placeClosedForToday: string;
  placeReopens: (day: string, opens: string) => string;
  placeOffers: (offers: string) => string;
  placePhone: (digits: string) => string;
  /** Said before the digits of a phone extension. */
  phoneExtension: string;
  /** The keys after places were read: 1 the next ones (or the list again), 9 by text, 0 another neighbourhood. */
  placesMenu: (options: { more: boolean }) => string;
}

const fr: VoicePrompts = {
  welcome: 'Bonjour! Ici Passerelle, les activités près de chez vous. For English, press 9.',
  askNeighbourhood: 'Entrez le numéro de votre quartier, puis le carré. Le numéro est sur les affiches et sur la page de votre quartier.',
  heardNothing: 'Je n’ai rien entendu.',
  goodbye: 'Merci d’avoir appelé Passerelle. Au revoir!',
  wrongKey: 'Cette touche n’est pas dans le menu.',
  unknownNeighbourhood: (number) => `Aucun quartier ne porte le numéro ${number}.`,
  nothingThisWeek: (place) => `Rien n’est annoncé cette semaine à ${place}.`,
  thisWeek: (place, count) => `${place}, cette semaine : ${count === 1 ? 'une activité' : `${count} activités`}.`,
  eventItem: (n, title, when, place) => `Numéro ${n}. ${title}. ${when}.${place ? ` À ${place}.` : ''}`,
  petitionItem: (n, title, until) => `Numéro ${n}. Pétition : ${title}. On peut la signer jusqu’au ${until}.`,
  itemMenu: ({ register, next, places }) =>
    [
      'Pour recevoir les détails par texto, faites le 1.',
      register ? 'Pour vous inscrire, faites le 2.' : null,
      next ? 'Pour la suite, faites le 3.' : 'Pour réécouter la liste, faites le 3.',
      'Pour recevoir les nouvelles de ce quartier chaque semaine par texto, faites le 4.',
      places ? 'Pour savoir où aller sur Internet gratuitement dans ce quartier, faites le 5.' : null,
      'Pour changer de quartier, faites le 0.',
      'For English, press 9.',
    ]
      .filter(Boolean)
      .join(' '),
  endOfList: (place) => `C’est tout pour cette semaine à ${place}.`,
  sent: 'C’est envoyé par texto au numéro qui appelle. Un téléphone fixe ne le recevra pas.',
  alertRequested: 'Un texto vous demande de confirmer. Répondez OUI, et vous recevrez les nouvelles de ce quartier chaque semaine. Un téléphone fixe ne le recevra pas.',
  alreadySent: 'C’est déjà envoyé par texto à ce numéro.',
  optedOut: 'Ce numéro a demandé à ne plus recevoir de textos. Pour les recevoir de nouveau, textez DÉBUT à ce numéro.',
  cannotText: 'Nous ne pouvons pas envoyer de texto au numéro qui appelle.',
  registered: (title) => `C’est fait : une place est réservée pour vous à ${title}. Un texto le confirme, avec le lien pour annuler.`,
  waitlisted: (title) => `${title} est complet. Vous êtes sur la liste d’attente : si une place se libère, un texto vous le dira.`,
  registeredNoText: 'Ce numéro ne reçoit pas nos textos : notez bien la date.',
  registerNotByForm: 'Cette activité ne prend pas les inscriptions par Passerelle. Faites le 1 pour recevoir sa fiche par texto : elle dit comment s’inscrire.',
  registerNotNeeded: 'Pas besoin de s’inscrire : venez, tout simplement.',
  registerClosed: 'Les inscriptions sont fermées pour cette activité.',
  petitionByText: 'Pour signer, faites le 1 : le lien arrive par texto. Vous pouvez aussi répondre SIGNER au texto de Passerelle.',
  tooManyActions: 'Ce numéro a fait assez de demandes pour cette heure. Rappelez plus tard.',
  tooManyCalls: 'La ligne reçoit trop d’appels de ce numéro. Rappelez dans une heure. Au revoir!',
  itemGone: 'Cette activité n’est plus annoncée.',
  registrantName: 'Inscription par téléphone',
  textItem: (title, when, link) => `Passerelle : ${title}, ${when}. ${link}`,
  episodeOffer: 'Pour écouter le dernier épisode du balado, faites l’étoile.',
  episodeIntro: (title) => `Le dernier épisode du balado de Passerelle : ${title}.`,
  episodeEnd: 'C’était le balado de Passerelle.',
  noEpisode: 'Aucun épisode du balado ne peut être écouté au téléphone pour l’instant.',
  placesOffer: 'Pour savoir où aller sur Internet gratuitement dans ce quartier, faites le 5. Pour changer de quartier, faites le 0.',
  placesIntro: (place, count) => `${place} : ${count === 1 ? 'un lieu' : `${count} lieux`} pour aller sur Internet gratuitement, le plus proche en premier.`,
  placesNone: (place) => `Aucun lieu pour aller sur Internet gratuitement n’est connu à ${place}.`,
  placesEnd: (place) => `Ce sont tous les lieux connus à ${place}.`,
  placeItem: (n, name, address) => `Numéro ${n}. ${name}. ${address}.`,
  placeOpenNow: (closes) => `Ouvert maintenant, jusqu’à ${closes}.`,
  placeOpensLater: (opens, closes) => `Ouvre aujourd’hui à ${opens}, jusqu’à ${closes}.`,
  placeClosedForToday: 'Fermé pour aujourd’hui.',
  placeReopens: (day, opens) => `Rouvre le ${day} à ${opens}.`,
  placeOffers: (offers) => `Sur place : ${offers}.`,
  placePhone: (digits) => `Téléphone : ${digits}.`,
  phoneExtension: 'poste',
  placesMenu: ({ more }) =>
    [
      more ? 'Pour entendre les lieux suivants, faites le 1.' : 'Pour réécouter la liste, faites le 1.',
      'Pour recevoir ces lieux par texto, faites le 9.',
      'Pour changer de quartier, faites le 0.',
    ].join(' '),
};

/** "5 p.m." already ends its sentence: no second period. */
const endSentence = (text: string) => (text.endsWith('.') ? text : `${text}.`);

const en: VoicePrompts = {
  welcome: 'Hello! This is Passerelle, activities near you.',
  askNeighbourhood: 'Enter your neighbourhood’s number, then the pound key. The number is on posters and on your neighbourhood’s page.',
  heardNothing: 'I did not hear anything.',
  goodbye: 'Thank you for calling Passerelle. Goodbye!',
  wrongKey: 'That key is not in the menu.',
  unknownNeighbourhood: (number) => `No neighbourhood has the number ${number}.`,
  nothingThisWeek: (place) => `Nothing is announced this week in ${place}.`,
  thisWeek: (place, count) => `${place}, this week: ${count === 1 ? 'one activity' : `${count} activities`}.`,
  eventItem: (n, title, when, place) => `Number ${n}. ${title}. ${when}.${place ? ` At ${place}.` : ''}`,
  petitionItem: (n, title, until) => `Number ${n}. Petition: ${title}. It can be signed until ${until}.`,
  itemMenu: ({ register, next, places }) =>
    [
      'To get the details by text message, press 1.',
      register ? 'To register, press 2.' : null,
      next ? 'For the next one, press 3.' : 'To hear the list again, press 3.',
      'To get this neighbourhood’s news every week by text message, press 4.',
      places ? 'To find out where to get online for free in this neighbourhood, press 5.' : null,
      'To change neighbourhood, press 0.',
    ]
      .filter(Boolean)
      .join(' '),
  endOfList: (place) => `That is all for this week in ${place}.`,
  sent: 'It was sent by text message to the number calling. A landline will not receive it.',
  alertRequested: 'A text message asks you to confirm. Reply YES, and you will get this neighbourhood’s news every week. A landline will not receive it.',
  alreadySent: 'It was already sent by text message to this number.',
  optedOut: 'This number asked to receive no more text messages from us. To receive them again, text START to this number.',
  cannotText: 'We cannot send a text message to the number calling.',
  registered: (title) => `Done: a place is reserved for you at ${title}. A text message confirms it, with the link to cancel.`,
  waitlisted: (title) => `${title} is full. You are on the waiting list: if a place frees up, a text message will tell you.`,
  registeredNoText: 'This number does not receive our text messages: please note the date.',
  registerNotByForm: 'This activity does not take registrations through Passerelle. Press 1 to get it by text message: it says how to register.',
  registerNotNeeded: 'No need to register: just come.',
  registerClosed: 'Registration is closed for this activity.',
  petitionByText: 'To sign, press 1: the link comes by text message. You can also reply SIGN to Passerelle’s text.',
  tooManyActions: 'This number has made enough requests for this hour. Please call again later.',
  tooManyCalls: 'The line is receiving too many calls from this number. Please call again in an hour. Goodbye!',
  itemGone: 'This activity is no longer announced.',
  registrantName: 'Registration by phone',
  textItem: (title, when, link) => `Passerelle: ${title}, ${when}. ${link}`,
  episodeOffer: 'To listen to the latest episode of the podcast, press star.',
  episodeIntro: (title) => `The latest episode of Passerelle’s podcast: ${title}.`,
  episodeEnd: 'That was Passerelle’s podcast.',
  noEpisode: 'No podcast episode can be heard by phone for now.',
  placesOffer: 'To find out where to get online for free in this neighbourhood, press 5. To change neighbourhood, press 0.',
  placesIntro: (place, count) => `${place}: ${count === 1 ? 'one place' : `${count} places`} to get online for free, the nearest first.`,
  placesNone: (place) => `No place to get online for free is known in ${place}.`,
  placesEnd: (place) => `Those are all the places known in ${place}.`,
  placeItem: (n, name, address) => `Number ${n}. ${name}. ${address}.`,
  placeOpenNow: (closes) => endSentence(`Open now, until ${closes}`),
  placeOpensLater: (opens, closes) => endSentence(`Opens today at ${opens}, until ${closes}`),
  placeClosedForToday: 'Closed for today.',
  placeReopens: (day, opens) => endSentence(`Reopens on ${day} at ${opens}`),
  placeOffers: (offers) => `On site: ${offers}.`,
  placePhone: (digits) => `Phone: ${digits}.`,
  phoneExtension: 'extension',
  placesMenu: ({ more }) =>
    [
      more ? 'For the next places, press 1.' : 'To hear the list again, press 1.',
      'To get these places by text message, press 9.',
      'To change neighbourhood, press 0.',
    ].join(' '),
};

export const voicePrompts: Record<Locale, VoicePrompts> = { fr, en };

/** What the provider's text-to-speech is told: `language` with the configured voice. */
export const sayLanguages: Record<Locale, string> = { fr: 'fr-CA', en: 'en-US' };
