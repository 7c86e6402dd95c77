import { siteBuildConfig } from '../config.ts';

/**
 * The moment the site is built. Pages sort "upcoming" from "past" against it, so the site must be
 * rebuilt as time passes (the CMS triggers a build on publish; a daily build covers the rest).
 * `PASSERELLE_NOW` pins it for reproducible tests.
 */
export const buildTime: Date = siteBuildConfig().now;
