/**
 * Typed loader errors (like ascorbic/astro-loaders `feed-errors.ts`): each says what went wrong and
 * what to do, and keeps the original error as `cause` for the stack trace.
 */

/** The CMS did not answer: refused connection, unknown host, timeout or a non-GraphQL HTTP error. */
export class CmsUnreachableError extends Error {
  override name = 'CmsUnreachableError';
  constructor(
    readonly endpoint: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `The CMS at ${endpoint} is unreachable (${reason}). ` +
        'Start the CMS (`pnpm start`) or set CMS_URL to the address of a running CMS, then build again.',
      options,
    );
  }
}

/** The CMS answered with GraphQL errors: its schema and the site's query disagree (or permissions). */
export class CmsQueryError extends Error {
  override name = 'CmsQueryError';
  constructor(
    readonly collection: string,
    readonly locale: string,
    details: string,
    options?: ErrorOptions,
  ) {
    super(
      `The CMS rejected the query for collection "${collection}" (locale ${locale}): ${details}. ` +
        'Check that the CMS content type matches shared/src/content and that the Public role may read it.',
      options,
    );
  }
}
