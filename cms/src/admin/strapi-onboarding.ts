/**
 * Strapi's own onboarding and marketing, off for every admin user: OCs and groups must not be
 * invited to "Create your schema", "Copy an API token" or "Deploy your application to Strapi
 * Cloud", nor told about a new Media Library. Strapi 5.54 has no setting for two of them, so this
 * writes the browser state Strapi reads (docs/decisions/0033-the-admin-is-the-ocs-workplace.md).
 * tests/admin/the-admin-speaks-french-to-every-role.js.spec.ts fails when any of it shows again,
 * e.g. after a Strapi upgrade renames these keys.
 *
 * - Guided tour ("Discover your application!", its homepage tasks and its tooltips in the
 *   Content Manager, the Content-Type Builder and the API tokens): @strapi/admin's GuidedTour
 *   context reads `STRAPI_GUIDED_TOUR` from localStorage once, at mount; `enabled: false` is what
 *   its own "Skip the tour" stores. (The documented `config.tutorials` is still read into the
 *   configuration but no longer consulted by 5.54.) Strapi shows it only in admin builds made with
 *   NODE_ENV=development and to the first super admin — the test runs exactly that.
 * - "Introducing the new Media Library" banner: dismissed per browser under
 *   `STRAPI_MEDIA_LIBRARY_BANNER_DISMISSED_FOR_<legacy flag>:<project uuid>`. The uuid is
 *   `strapi.uuid` from package.json, which Passerelle leaves out (no telemetry): the admin reads it
 *   as `false`, and as `undefined` until /admin/init has answered.
 */
const GUIDED_TOUR_KEY = 'STRAPI_GUIDED_TOUR';
const MEDIA_BANNER_KEYS = ['true', 'false'].flatMap((legacy) =>
  ['false', 'undefined'].map((uuid) => `STRAPI_MEDIA_LIBRARY_BANNER_DISMISSED_FOR_${legacy}:${uuid}`),
);

function storedObject(key: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(window.localStorage.getItem(key) ?? 'null');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Called from register(), before the admin renders (and so before it reads these keys). */
export function turnOffStrapiOnboarding(): void {
  const tour = storedObject(GUIDED_TOUR_KEY);
  // Strapi's migration adds every tour missing from `tours`; the rest of its state is kept.
  window.localStorage.setItem(
    GUIDED_TOUR_KEY,
    JSON.stringify({ tours: {}, completedActions: [], hidden: false, ...tour, enabled: false }),
  );
  for (const key of MEDIA_BANNER_KEYS) window.localStorage.setItem(key, 'true');
}

/**
 * Of Strapi's own homepage widgets, the one an OC uses: what they edited last. Gone: the profile
 * card (the profile is one click away in the menu), project statistics (content types, API tokens,
 * webhooks: developers' numbers), the entries chart, last published entries, and Strapi Cloud's
 * "Deploy" widget. Gone from "Add widget" too: it offers only registered widgets.
 */
export const keptStrapiWidgets: ReadonlyArray<{ pluginId: string; id: string }> = [{ pluginId: 'content-manager', id: 'last-edited-entries' }];
