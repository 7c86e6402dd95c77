import { defineCollection } from 'astro:content';
import type { CollectionName } from '@passerelle/shared';
import { strapiLoader } from './loader/strapi-loader.ts';

/** One Astro collection per content type of the shared contract (`contentTypes`), all from Strapi. */
const fromCms = <C extends CollectionName>(collection: C) => defineCollection({ loader: strapiLoader({ collection }) });

export const collections = {
  neighbourhoods: fromCms('neighbourhoods'),
  topics: fromCms('topics'),
  organizations: fromCms('organizations'),
  events: fromCms('events'),
  calls: fromCms('calls'),
  consultations: fromCms('consultations'),
  petitions: fromCms('petitions'),
};
