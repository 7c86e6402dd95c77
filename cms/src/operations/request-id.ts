import { randomUUID } from 'node:crypto';

/**
 * The id that ties one request's lines together across nginx, the site server and the CMS. A
 * proxy we trust (TRUSTED_PROXIES) may hand us its own (`X-Request-Id`, nginx's `$request_id`);
 * from anyone else it is ignored, so a client cannot write what it likes into our logs or make
 * its requests look like someone else's. Ours is a random UUID.
 */
const shape = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdFor(given: string | undefined, fromTrustedProxy: boolean): string {
  const value = given?.trim();
  return fromTrustedProxy && value && shape.test(value) ? value : randomUUID();
}
