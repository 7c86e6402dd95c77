import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { signPath, validSignature } from './participation.ts';
import type { Strapi } from './strapi.ts';

/** Helpers for the edge tests (addresses, origins): what a request looks like from the network. */
export interface SigningTarget {
  base: string;
  strapi: Strapi;
  petition: { slug: string };
}

/** Signs once with this X-Forwarded-For (or none) and returns the stored row. */
export async function signAs(
  { base, strapi, petition }: SigningTarget,
  forwardedFor: string | undefined,
): Promise<{ signatureStatus: string; ipHash: string }> {
  const email = `adresse.${randomBytes(4).toString('hex')}@exemple.ca`;
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor;
  const response = await fetch(`${base}${signPath(petition.slug)}?locale=fr`, {
    method: 'POST',
    redirect: 'manual',
    headers,
    body: new URLSearchParams(validSignature({ email })).toString(),
  });
  expect(response.status).toBe(303);
  const [row] = await strapi.db.query('api::participation.signature').findMany({ where: { email } });
  expect(row).toBeTruthy();
  return row;
}

/** One admin login attempt from this X-Forwarded-For; the HTTP status (429 once rate-limited). */
export async function adminLoginAs(base: string, forwardedFor: string, credentials: { email: string; password: string }): Promise<number> {
  const response = await fetch(`${base}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify(credentials),
  });
  await response.arrayBuffer();
  return response.status;
}
