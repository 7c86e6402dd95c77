import type { APIRoute } from 'astro';
import { jsonResponse, mapPointFiles } from '../../../components/map/map-data.ts';

/** What the interactive map fetches when it opens: one count per neighbourhood, not every point. */
export const GET: APIRoute = async () => jsonResponse((await mapPointFiles('en')).overview);
