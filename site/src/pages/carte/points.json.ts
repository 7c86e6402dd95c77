import type { APIRoute } from 'astro';
import { mapPoints } from '../../components/map/map-data.ts';

/** Points of the interactive map, fetched only when a resident opens it. */
export const GET: APIRoute = async () =>
  new Response(JSON.stringify(await mapPoints('fr')), { headers: { 'content-type': 'application/json' } });
