import { petitionPagePath } from '@passerelle/shared/participation';
import { t } from '@passerelle/shared/i18n';
import type { Locale } from '@passerelle/shared/locales';

/** "Back to the petition": on the refusal, the form again and the too-many-tries page. */
export function backToPetition(locale: Locale, slug: string) {
  return { href: petitionPagePath(locale, slug), label: t(locale, 'backToPetition') };
}
