/**
 * training-module router
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::training-module.training-module');
