import { calendarResponse } from '../../../lib/calendar.ts';
import { slugPaths } from '../../../lib/static-paths.ts';

export const getStaticPaths = () => slugPaths('en', 'events');
export const GET = calendarResponse('en');
