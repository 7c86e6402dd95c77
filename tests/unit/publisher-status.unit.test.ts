import { describe, expect, it } from 'vitest';
import { publisherBaseUrl } from '../../cms/src/admin-api/publisher-status.ts';

/** Where the CMS looks for the publisher's status.json, from the webhook address it already has. */
describe('publisherBaseUrl', () => {
  const base = (PUBLISHER_URL?: string) => publisherBaseUrl(PUBLISHER_URL === undefined ? {} : { PUBLISHER_URL });

  it.each([
    ['http://127.0.0.1:4330/webhooks/strapi', 'http://127.0.0.1:4330'],
    ['http://127.0.0.1:4330/webhooks/strapi/', 'http://127.0.0.1:4330'],
    ['https://interne.example.org/publication/webhooks/strapi', 'https://interne.example.org/publication'],
    ['http://publisher:4330', 'http://publisher:4330'],
    ['http://publisher:4330/', 'http://publisher:4330'],
  ])('%s → %s', (url, expected) => {
    expect(base(url)).toBe(expected);
  });

  it.each([undefined, '', '   ', 'not a url', 'file:///etc/passwd', 'ftp://publisher/'])('is null for %j', (url) => {
    expect(base(url)).toBeNull();
  });
});
