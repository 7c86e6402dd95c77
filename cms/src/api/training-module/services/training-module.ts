/**
 * training-module service
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreService('api::training-module.training-module');
