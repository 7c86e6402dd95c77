/** The seven content types the public site reads. Order matters for seeding: targets first. */
export const publicContentTypes = [
  'api::topic.topic',
  'api::neighbourhood.neighbourhood',
  'api::organization.organization',
  'api::event.event',
  'api::call.call',
  'api::consultation.consultation',
  'api::petition.petition',
] as const;

export type PublicContentType = (typeof publicContentTypes)[number];

export const localeCodes = ['fr', 'en'] as const;
export type LocaleCode = (typeof localeCodes)[number];
