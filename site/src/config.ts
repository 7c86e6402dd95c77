import { z } from 'zod';
import { openDataLicence, openDataLicenceIds, type OpenDataLicence } from './lib/open-data/licences.ts';

/**
 * Everything the site's build reads from its environment, in one zod schema, parsed once
 * (`siteBuildConfig()`). Each variable is `.describe()`d: the description is its row in
 * docs/configuration.md (scripts/configuration-doc.mjs). The map's tile server is public, in the
 * pages' HTML: it goes through Astro's `astro:env` (astro.config.mjs), built from this schema.
 */
const DEFAULT_CMS_URL = 'http://127.0.0.1:1337';
export const DEFAULT_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';

const optionalText = () => z.string().optional();

export const siteBuildSchema = z.object({
  CMS_URL: z
    .string()
    .url()
    .default(DEFAULT_CMS_URL)
    .describe("Where the loader finds the CMS (`/graphql` is appended); also read for petition counts, closed consultations' results and the privacy policy."),
  CMS_TOKEN: optionalText().describe('Optional read-only API token for the loader.'),
  PUBLIC_SITE_URL: z
    .string()
    .url()
    .default('http://127.0.0.1:4321')
    .describe('Absolute URL of the site (sitemap, canonical links, JSON-LD, `.ics`).'),
  PUBLIC_TILE_URL: z
    .string()
    .default(DEFAULT_TILE_URL)
    .describe(
      'Tile server of the interactive map, contacted only after the person opens the map. Point it at your own tile server on institutional networks.',
    ),
  PUBLIC_TILE_ATTRIBUTION: optionalText().describe('Attribution shown on the interactive map (default `© OpenStreetMap`).'),
  PASSERELLE_NOW: optionalText().describe('Pins "now" (ISO date) for what counts as upcoming/past; tests and reproducible builds. Default: the build time.'),
  PASSERELLE_RENDER_BUILD: optionalText().describe(
    'Set to `1` by `src/renderer/astro.config.mjs` (the on-demand renderer\'s build): the loaders fetch nothing. Not for people to set.',
  ),
  OPEN_DATA_LICENSE: z
    .enum(openDataLicenceIds)
    .default('CC-BY-4.0')
    .describe(
      `Licence of the open data downloads (\`/donnees/\`), named on the data page and in the DCAT catalogue: one of ${openDataLicenceIds.map((id) => `\`${id}\``).join(', ')}.`,
    ),
  OPEN_DATA_PUBLISHER: optionalText().describe(
    'Who publishes the open data, named in the DCAT catalogue and on the data page (default: `PRIVACY_ORGANIZATION`, else `Passerelle`).',
  ),
  PLATFORM_PHONE: optionalText().describe(
    'The platform\'s phone number, printed on posters and weekly bulletins: residents call it, or text it a postal code or a neighbourhood name (so it must be the number the SMS provider receives on, `TWILIO_FROM` or `TELNYX_FROM`). Without it posters and bulletins leave those lines out.',
  ),
  PRIVACY_ORGANIZATION: optionalText().describe('Organization named on the privacy page (demo: `Passerelle (démonstration)`).'),
  PRIVACY_OFFICER_NAME: optionalText().describe(
    'The person in charge of personal information, published on the privacy page (Law 25 requires their title and contact details). Set at least the email for real use.',
  ),
  PRIVACY_OFFICER_TITLE: optionalText().describe('Their title (demo: `Responsable de la protection des renseignements personnels`).'),
  PRIVACY_OFFICER_EMAIL: optionalText().describe('Their email (demo: `vie-privee@passerelle.local`).'),
  PRIVACY_OFFICER_PHONE: optionalText().describe('Their phone number.'),
  PRIVACY_OFFICER_ADDRESS: optionalText().describe('Their postal address.'),
  PODCAST_OWNER_EMAIL: z
    .string()
    .email()
    .default('balado@passerelle.local')
    .describe('The balado\'s owner address in its feed (`itunes:owner`, `podcast:locked`): podcast directories (Apple) send their verification code there ([balado](balado.md)).'),
});

export type SiteBuildEnv = z.output<typeof siteBuildSchema>;

export interface SiteBuildConfig {
  cmsUrl: string;
  cmsToken: string | undefined;
  siteUrl: string;
  /** What "now" is for this build: what counts as upcoming or past. */
  now: Date;
  /** The on-demand renderer's build (src/renderer/astro.config.mjs): content comes from the static build's store. */
  renderBuild: boolean;
  /** The number residents call or text, printed on posters; null when unset. */
  platformPhone: string | null;
  openData: { licence: OpenDataLicence; publisher: string };
  /** Who owns the balado's feed: the open-data publisher's name and PODCAST_OWNER_EMAIL. */
  podcastOwner: { name: string; email: string };
  /** PRIVACY_* as given; `privacyOfficerFromEnv` (shared) checks them when the privacy page renders. */
  privacy: Pick<SiteBuildEnv, Extract<keyof SiteBuildEnv, `PRIVACY_${string}`>>;
}

/** Parses an environment; an empty value means "use the default", as in an .env file. */
export function readSiteBuildConfig(env: Record<string, string | undefined>): SiteBuildConfig {
  const parsed = siteBuildSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Site build configuration is invalid: ${issues}`);
  }
  const e = parsed.data;
  return {
    cmsUrl: e.CMS_URL.replace(/\/+$/, ''),
    cmsToken: e.CMS_TOKEN,
    siteUrl: e.PUBLIC_SITE_URL,
    now: e.PASSERELLE_NOW ? new Date(e.PASSERELLE_NOW) : new Date(),
    renderBuild: e.PASSERELLE_RENDER_BUILD === '1',
    platformPhone: e.PLATFORM_PHONE ?? null,
    openData: { licence: openDataLicence(e.OPEN_DATA_LICENSE), publisher: e.OPEN_DATA_PUBLISHER ?? e.PRIVACY_ORGANIZATION ?? 'Passerelle' },
    podcastOwner: { name: e.OPEN_DATA_PUBLISHER ?? e.PRIVACY_ORGANIZATION ?? 'Passerelle', email: e.PODCAST_OWNER_EMAIL },
    privacy: {
      PRIVACY_ORGANIZATION: e.PRIVACY_ORGANIZATION,
      PRIVACY_OFFICER_NAME: e.PRIVACY_OFFICER_NAME,
      PRIVACY_OFFICER_TITLE: e.PRIVACY_OFFICER_TITLE,
      PRIVACY_OFFICER_EMAIL: e.PRIVACY_OFFICER_EMAIL,
      PRIVACY_OFFICER_PHONE: e.PRIVACY_OFFICER_PHONE,
      PRIVACY_OFFICER_ADDRESS: e.PRIVACY_OFFICER_ADDRESS,
    },
  };
}

let current: SiteBuildConfig | undefined;

/** The build's configuration, read from the environment at the first call. */
export function siteBuildConfig(): SiteBuildConfig {
  return (current ??= readSiteBuildConfig(process.env));
}

/** Tests that change the environment read it again. */
export function resetSiteBuildConfig(): void {
  current = undefined;
}
