import { siteBuildConfig } from '../config.ts';

/**
 * The moment the site is built. Pages sort "upcoming" from "past" against it, so the site must be
 * rebuilt as time passes: the CMS triggers a build on publish, and nothing rebuilds on a schedule
 * (a quiet week keeps the last build's "upcoming" and its weekly bulletins: docs/print-and-share.md).
 * `PASSERELLE_NOW` pins it for reproducible tests.
 */
export const buildTime: Date = siteBuildConfig().now;
