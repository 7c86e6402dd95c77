/**
 * access-point controller
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::access-point.access-point');
