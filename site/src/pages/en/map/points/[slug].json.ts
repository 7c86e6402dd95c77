import type { APIRoute, GetStaticPaths } from 'astro';
import { jsonResponse, mapPointFiles } from '../../../../components/map/map-data.ts';

/** One neighbourhood's points, fetched when a resident opens or zooms into that neighbourhood. */
export const getStaticPaths = (async () =>
  [...(await mapPointFiles('en')).byNeighbourhood].map(([slug, points]) => ({ params: { slug }, props: { points } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props }) => jsonResponse(props.points);
