import { petitionPagePath, pt, type ParticipationLocale } from '../../generated/participation';

/** "Back to the petition": on the refusal, the form again and the too-many-tries page. */
export function backToPetition(locale: ParticipationLocale, slug: string) {
  return { href: petitionPagePath(locale, slug), label: pt(locale, 'backToPetition') };
}
