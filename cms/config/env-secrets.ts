/**
 * Secrets come from the environment. Only an explicit development or test run (NODE_ENV set to
 * `development` or `test`, as `npm start` and the test harness do) may fall back to the clearly
 * named defaults committed here; any other environment — production, staging, or NODE_ENV simply
 * unset — stops the boot with a message naming the variable, rather than running with a key anyone
 * who reads this repository could use to forge admin sessions.
 */
type Env = (key: string, fallback?: string) => string | undefined;

export function allowsDevDefaults(): boolean {
  return process.env.NODE_ENV === 'development' || process.env.NODE_ENV === 'test';
}

export function requiredSecret(env: Env, key: string, devDefault: string): string {
  const value = env(key);
  if (value && value.trim() !== '') return value;
  if (!allowsDevDefaults()) {
    throw new Error(
      `Passerelle CMS: la variable d'environnement ${key} est obligatoire hors développement ` +
        `(NODE_ENV=${process.env.NODE_ENV ?? '(vide)'}) — missing required environment variable ${key}; ` +
        `set it, or set NODE_ENV=development for a local trial.`,
    );
  }
  return devDefault;
}
