import type { z } from 'zod';
import { cmsSchemas } from './schema';

export { cmsSchemas } from './schema';

type Schemas = typeof cmsSchemas;
export type CmsConfig = { readonly [K in keyof Schemas]: z.output<Schemas[K]> };
export type CmsEnv = Readonly<Record<string, string | undefined>>;

/** An empty value (`FOO=` in an .env file) means "use the default", as it always has. */
function snapshot(env: NodeJS.ProcessEnv | CmsEnv): CmsEnv {
  return Object.freeze(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')));
}

/** Names each variable that is wrong, so the code that owns a concern can word its own refusal. */
export class CmsConfigError extends Error {
  constructor(readonly issues: Array<{ variable: string; message: string }>) {
    super(`Passerelle CMS: configuration invalide / invalid configuration — ${issues.map((i) => `${i.variable}: ${i.message}`).join('; ')}`);
    this.name = 'CmsConfigError';
  }
}

/** Values for one schema of src/config/schema.ts, or a CmsConfigError. */
export function parseCmsEnv<S extends z.ZodTypeAny>(schema: S, env: CmsEnv): z.output<S> {
  const parsed = schema.safeParse(snapshot(env));
  if (!parsed.success) throw new CmsConfigError(parsed.error.issues.map((i) => ({ variable: i.path.join('.'), message: i.message })));
  return parsed.data as z.output<S>;
}

/** One concern's values, or a CmsConfigError. */
export function parseCmsSection<K extends keyof Schemas>(section: K, env: CmsEnv): z.output<Schemas[K]> {
  return parseCmsEnv(cmsSchemas[section], env);
}

/**
 * The configuration over one environment. Each concern is parsed the first time it is asked for,
 * then kept: a boot that stops on a missing secret or transport stops where it always did, with
 * the same message, rather than on whichever variable an eager parse would meet first.
 */
export function readCmsConfig(env: NodeJS.ProcessEnv | CmsEnv): CmsConfig {
  const values = snapshot(env);
  const config = {} as CmsConfig;
  for (const section of Object.keys(cmsSchemas) as Array<keyof Schemas>) {
    let parsed: unknown;
    Object.defineProperty(config, section, {
      enumerable: true,
      get: () => (parsed ??= parseCmsSection(section, values)),
    });
  }
  return Object.freeze(config);
}

let current: CmsConfig | undefined;

/**
 * The CMS's configuration: the environment is read once, at the first call after a boot starts
 * (src/index.ts `register` calls `resetCmsConfig`). The only place in src/ that reads process.env;
 * Strapi's own config files (cms/config/) use `readCmsConfig` with the same schemas.
 */
export function cmsConfig(): CmsConfig {
  return (current ??= readCmsConfig(process.env));
}

/** A new boot, or a test that changed the environment, reads it again. */
export function resetCmsConfig(): void {
  current = undefined;
}
