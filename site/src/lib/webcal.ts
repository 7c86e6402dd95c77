/**
 * The `webcal:` address of a calendar file: phones and Outlook open it as "subscribe to this
 * calendar" (an `https:` link would download the file once). Same host and path, other scheme.
 */
export function webcalUrl(path: string, site: URL | string): string {
  return new URL(path, site).href.replace(/^https?:/, 'webcal:');
}
