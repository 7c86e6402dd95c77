/** Dates as the OCs read them: Québec time, in the admin's language. */
export function formatWhen(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale.startsWith('en') ? 'en-CA' : 'fr-CA', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'America/Toronto',
  }).format(new Date(iso));
}

export function formatDay(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale.startsWith('en') ? 'en-CA' : 'fr-CA', { dateStyle: 'medium', timeZone: 'America/Toronto' }).format(new Date(iso));
}
