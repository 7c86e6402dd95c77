/**
 * training-module controller
 */

import { factories } from '@strapi/strapi';

export default factories.createCoreController('api::training-module.training-module');
