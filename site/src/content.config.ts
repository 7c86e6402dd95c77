import { defineCollection } from 'astro:content';
import type { CollectionName } from '@passerelle/shared';
import { storeOnlyLoader } from './loader/store-only-loader.ts';
import { strapiLoader } from './loader/strapi-loader.ts';
import { siteBuildConfig } from './config.ts';

/** Set by src/renderer/astro.config.mjs: the on-demand renderer's build fetches nothing at build time. */
const renderBuild = siteBuildConfig().renderBuild;

/** One Astro collection per content type of the shared contract (`contentTypes`), all from Strapi. */
const fromCms = <C extends CollectionName>(collection: C) =>
  defineCollection({ loader: renderBuild ? storeOnlyLoader(collection) : strapiLoader({ collection }) });

export const collections = {
  neighbourhoods: fromCms('neighbourhoods'),
  topics: fromCms('topics'),
  organizations: fromCms('organizations'),
  events: fromCms('events'),
  calls: fromCms('calls'),
  consultations: fromCms('consultations'),
  petitions: fromCms('petitions'),
  accessPoints: fromCms('accessPoints'),
  episodes: fromCms('episodes'),
  trainingModules: fromCms('trainingModules'),
};
