/**
 * Secrets come from the environment. In development a clearly named default keeps `pnpm start`
 * a one-command affair; in production a missing secret stops the boot with a message that says
 * which variable to set, rather than running with a guessable key.
 */
type Env = (key: string, fallback?: string) => string | undefined;

export function isProduction(): boolean {
  return process.env.NODE_ENV === 'production';
}

export function requiredSecret(env: Env, key: string, devDefault: string): string {
  const value = env(key);
  if (value && value.trim() !== '') return value;
  if (isProduction()) {
    throw new Error(
      `Passerelle CMS: la variable d'environnement ${key} est obligatoire en production ` +
        `(missing required environment variable ${key} in production).`,
    );
  }
  return devDefault;
}
