import type { APIRoute } from 'astro';
import { accessPointsOnMap, jsonResponse } from '../../../components/map/map-data.ts';

/** The free places to get online, the interactive map's own layer. */
export const GET: APIRoute = async () => jsonResponse(await accessPointsOnMap('en'));
