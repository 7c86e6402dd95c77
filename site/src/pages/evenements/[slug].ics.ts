import { calendarResponse } from '../../lib/calendar.ts';
import { slugPaths } from '../../lib/static-paths.ts';

export const getStaticPaths = () => slugPaths('fr', 'events');
export const GET = calendarResponse('fr');
