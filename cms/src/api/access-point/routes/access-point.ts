/**
 * access-point router
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::access-point.access-point');
