import type { APIRoute } from 'astro';
import { bulletinPaths, bulletinTextResponse } from '../../../../lib/bulletin-pages.ts';

/** The bulletin as plain text, beside its page: for a newsletter or community radio. */
export const getStaticPaths = () => bulletinPaths('en');

export const GET: APIRoute = ({ params, site }) => bulletinTextResponse('en', params.slug!, site);
