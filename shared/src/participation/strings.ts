/**
 * Every word residents read on the participation forms, pages and messages, French first.
 * Plain language (secondary-school level): short sentences, no jargon, "vous".
 */
export type ParticipationLocale = 'fr' | 'en';

const fr = {
  // form
  signTitle: 'Signer la pétition',
  name: 'Votre nom',
  nameHint: 'Prénom et nom. Il ne sera pas publié.',
  postalCode: 'Votre code postal',
  postalCodeHint: 'Par exemple : H2R 1A1',
  contactLegend: 'Comment confirmer votre signature',
  contactHint: 'Donnez un courriel ou un numéro de cellulaire (au moins un). Nous vous enverrons un lien ou un code.',
  email: 'Courriel',
  phone: 'Cellulaire (pour recevoir un code par texto)',
  phoneHint: 'Par exemple : 514 555-1234',
  consent: 'Je signe cette pétition et j’accepte que mon nom et mon code postal soient remis à son destinataire.',
  updates: 'Je veux recevoir des nouvelles de cette pétition (facultatif).',
  honeypot: 'Laissez ce champ vide',
  submitSign: 'Signer',
  privacyNote: 'Votre courriel et votre numéro ne sont jamais publiés. Ils servent à confirmer votre signature.',
  // errors
  errorSummaryTitle: 'Il y a un problème',
  err_name_required: 'Écrivez votre nom.',
  err_name_too_long: 'Votre nom doit avoir 100 caractères ou moins.',
  err_name_formula: 'Votre nom ne peut pas commencer par =, +, - ou @.',
  err_name_url: 'Votre nom ne peut pas contenir d’adresse Web.',
  err_name_invalid: 'Votre nom contient des caractères non permis.',
  err_postal_required: 'Écrivez votre code postal.',
  err_postal_invalid: 'Écrivez un code postal canadien, par exemple H2R 1A1.',
  err_contact_required: 'Donnez un courriel ou un numéro de cellulaire.',
  err_email_invalid: 'Écrivez un courriel valide, par exemple nom@exemple.ca.',
  err_phone_invalid: 'Écrivez un numéro à 10 chiffres, par exemple 514 555-1234.',
  err_consent_required: 'Cochez la case pour signer la pétition.',
  err_code_invalid: 'Écrivez le code à 6 chiffres reçu par texto.',
  err_code_wrong: 'Ce code ne correspond pas. Vérifiez le texto et réessayez.',
  // pages
  backToPetition: 'Retour à la pétition',
  petitionClosedTitle: 'Cette pétition est fermée',
  petitionClosedBody: 'Cette pétition n’accepte plus de signatures. Merci de votre intérêt.',
  petitionUnknownTitle: 'Pétition introuvable',
  petitionUnknownBody: 'Cette pétition n’existe pas ou n’est plus en ligne.',
  confirmTitle: 'Confirmer votre signature',
  confirmBody: 'Appuyez sur le bouton pour confirmer votre signature de la pétition « {title} ».',
  confirmButton: 'Confirmer',
  linkInvalidTitle: 'Ce lien ne fonctionne pas',
  linkInvalidBody: 'Le lien est incomplet ou trop ancien. Signez de nouveau la pétition pour recevoir un nouveau lien.',
  codeTitle: 'Entrez le code reçu par texto',
  codeBody: 'Nous avons envoyé un code à 6 chiffres au {phone}. Il est valide 24 heures.',
  codeLabel: 'Code à 6 chiffres',
  codeButton: 'Confirmer ma signature',
  codeLockedTitle: 'Trop d’essais',
  codeLockedBody: 'Ce code est bloqué après trop d’essais. Signez de nouveau la pétition pour recevoir un nouveau code.',
  wrongTypeTitle: 'Envoi non accepté',
  wrongTypeBody: 'Ce formulaire doit être envoyé depuis la page du site. Retournez à la page et réessayez.',
  tooLargeTitle: 'Envoi trop long',
  tooLargeBody: 'Ce que vous avez envoyé est trop long. Raccourcissez vos réponses et réessayez.',
  notFoundTitle: 'Page introuvable',
  notFoundBody: 'Cette adresse n’existe pas.',
  serverErrorTitle: 'Une erreur est survenue',
  serverErrorBody: 'Nous n’avons pas pu enregistrer votre demande. Rien n’a été enregistré. Réessayez dans quelques minutes.',
  home: 'Accueil',
  // messages
  mailConfirmSubject: 'Confirmez votre signature',
  mailConfirmBody:
    'Bonjour {name},\n\nVous avez signé la pétition « {title} ».\nPour que votre signature compte, ouvrez ce lien et appuyez sur « Confirmer » :\n{link}\n\nCe n’est pas vous ? Ne faites rien : sans confirmation, la signature ne compte pas.\n\nPasserelle',
  smsConfirm: 'Passerelle : votre code pour confirmer la pétition est {code}. Ne le donnez à personne.',
};

const en: typeof fr = {
  signTitle: 'Sign the petition',
  name: 'Your name',
  nameHint: 'First and last name. It will not be published.',
  postalCode: 'Your postal code',
  postalCodeHint: 'For example: H2R 1A1',
  contactLegend: 'How to confirm your signature',
  contactHint: 'Give an email or a mobile number (at least one). We will send you a link or a code.',
  email: 'Email',
  phone: 'Mobile (to get a code by text message)',
  phoneHint: 'For example: 514 555-1234',
  consent: 'I sign this petition and agree that my name and postal code are given to its addressee.',
  updates: 'I want news about this petition (optional).',
  honeypot: 'Leave this field empty',
  submitSign: 'Sign',
  privacyNote: 'Your email and number are never published. They are used to confirm your signature.',
  errorSummaryTitle: 'There is a problem',
  err_name_required: 'Enter your name.',
  err_name_too_long: 'Your name must be 100 characters or fewer.',
  err_name_formula: 'Your name cannot start with =, +, - or @.',
  err_name_url: 'Your name cannot contain a web address.',
  err_name_invalid: 'Your name contains characters that are not allowed.',
  err_postal_required: 'Enter your postal code.',
  err_postal_invalid: 'Enter a Canadian postal code, for example H2R 1A1.',
  err_contact_required: 'Give an email or a mobile number.',
  err_email_invalid: 'Enter a valid email, for example name@example.ca.',
  err_phone_invalid: 'Enter a 10-digit number, for example 514 555-1234.',
  err_consent_required: 'Tick the box to sign the petition.',
  err_code_invalid: 'Enter the 6-digit code from the text message.',
  err_code_wrong: 'This code does not match. Check the text message and try again.',
  backToPetition: 'Back to the petition',
  petitionClosedTitle: 'This petition is closed',
  petitionClosedBody: 'This petition no longer accepts signatures. Thank you for your interest.',
  petitionUnknownTitle: 'Petition not found',
  petitionUnknownBody: 'This petition does not exist or is no longer online.',
  confirmTitle: 'Confirm your signature',
  confirmBody: 'Press the button to confirm your signature of the petition “{title}”.',
  confirmButton: 'Confirm',
  linkInvalidTitle: 'This link does not work',
  linkInvalidBody: 'The link is incomplete or too old. Sign the petition again to get a new link.',
  codeTitle: 'Enter the code from the text message',
  codeBody: 'We sent a 6-digit code to {phone}. It is valid for 24 hours.',
  codeLabel: '6-digit code',
  codeButton: 'Confirm my signature',
  codeLockedTitle: 'Too many tries',
  codeLockedBody: 'This code is blocked after too many tries. Sign the petition again to get a new code.',
  wrongTypeTitle: 'Submission not accepted',
  wrongTypeBody: 'This form must be sent from the site’s page. Go back to the page and try again.',
  tooLargeTitle: 'Submission too long',
  tooLargeBody: 'What you sent is too long. Shorten your answers and try again.',
  notFoundTitle: 'Page not found',
  notFoundBody: 'This address does not exist.',
  serverErrorTitle: 'Something went wrong',
  serverErrorBody: 'We could not save your request. Nothing was saved. Try again in a few minutes.',
  home: 'Home',
  mailConfirmSubject: 'Confirm your signature',
  mailConfirmBody:
    'Hello {name},\n\nYou signed the petition “{title}”.\nFor your signature to count, open this link and press “Confirm”:\n{link}\n\nNot you? Do nothing: without confirmation, the signature does not count.\n\nPasserelle',
  smsConfirm: 'Passerelle: your code to confirm the petition is {code}. Do not share it.',
};

export const participationStrings = { fr, en } as const;
export type ParticipationKey = keyof typeof fr;

/** A string with `{name}` placeholders filled in. Values are NOT escaped: escape when rendering HTML. */
export function pt(locale: ParticipationLocale, key: ParticipationKey, values: Record<string, string | number> = {}): string {
  return participationStrings[locale][key].replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}

export function toParticipationLocale(value: unknown): ParticipationLocale {
  return value === 'en' ? 'en' : 'fr';
}
