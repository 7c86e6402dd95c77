import { siteBuildConfig } from '../config.ts';

/**
 * The moment the site is built. Pages sort "upcoming" from "past" against it, so the site must be
 * rebuilt as time passes: the CMS triggers a build on publish, and the publisher builds once a day
 * after midnight in Montréal (`PUBLISHER_DAILY_BUILD_AT`), so "open today", closures and holidays
 * follow the calendar on a quiet day (docs/publishing.md, "The daily build").
 * `PASSERELLE_NOW` pins it for reproducible tests.
 */
export const buildTime: Date = siteBuildConfig().now;
