/**
 * access-point service
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::access-point.access-point');
