/**
 * Secrets come from the environment. Only an explicit development or test run (NODE_ENV set to
 * `development` or `test`, as `npm start` and the test harness do) may fall back to the clearly
 * named defaults committed here; any other environment — production, staging, or NODE_ENV simply
 * unset — stops the boot with a message naming the variable, rather than running with a key anyone
 * who reads this repository could use to forge admin sessions. There, a value must also be long
 * and not one anybody can read or guess: a committed default pasted into production, a
 * placeholder (`change-me`, Strapi's `toBeModified`), a short word, one character repeated.
 */
type Env = (key: string, fallback?: string) => string | undefined;

/**
 * NODE_ENV as it is now. Read live, not from the cached configuration: whether development
 * defaults are allowed, and the refusals that name it, follow the process's own mode.
 */
export function currentNodeEnv(): string | undefined {
  return process.env.NODE_ENV;
}

export function allowsDevDefaults(): boolean {
  const mode = currentNodeEnv();
  return mode === 'development' || mode === 'test';
}

/** `openssl rand -base64 24` gives 32 characters; Strapi's own generator gives 24. */
export const MIN_SECRET_LENGTH = 24;
/** Random text of that length has 15–20 different characters; a phrase typed twice has few. */
const MIN_DISTINCT_CHARACTERS = 10;
/** Words found in the committed defaults and in the placeholders people copy (letters and digits only). */
const PLACEHOLDERS = ['devonly', 'changeme', 'tobemodified', 'replaceme', 'notforproduction', 'yoursecret', 'placeholder', 'secretkey'];

/** Why a value cannot be a production secret, or null when it can. Never echoes the value. */
export function weakSecretReason(value: string): string | null {
  if (value.trim() === '') return 'vide / empty';
  const letters = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (PLACEHOLDERS.some((word) => letters.includes(word))) {
    return 'valeur par défaut ou exemple connu / a known default or placeholder';
  }
  if (value.length < MIN_SECRET_LENGTH) return `moins de ${MIN_SECRET_LENGTH} caractères / shorter than ${MIN_SECRET_LENGTH} characters`;
  if (new Set(value).size < MIN_DISTINCT_CHARACTERS) return 'trop peu de caractères différents / too few different characters';
  return null;
}

function refuse(key: string, reason: string): never {
  throw new Error(
    `Passerelle CMS: la variable d'environnement ${key} n'est pas un secret utilisable hors développement ` +
      `(NODE_ENV=${currentNodeEnv() ?? '(vide)'} ; ${reason}) — ${key} is missing or unsafe outside development; ` +
      `set it to a random value (for example: openssl rand -base64 24), or set NODE_ENV=development for a local trial.`,
  );
}

export function requiredSecret(env: Env, key: string, devDefault: string): string {
  const value = env(key);
  if (allowsDevDefaults()) return value && value.trim() !== '' ? value : devDefault;
  const reason = weakSecretReason(value ?? '');
  if (reason) refuse(key, reason);
  return value!;
}

/** A comma-separated list of secrets (APP_KEYS): every key must stand on its own. */
export function requiredSecretList(env: Env, key: string, devDefault: string): string[] {
  const keys = requiredSecret(env, key, devDefault).split(',');
  if (!allowsDevDefaults()) {
    for (const [index, part] of keys.entries()) {
      const reason = weakSecretReason(part);
      if (reason) refuse(key, `clé n° ${index + 1} / key #${index + 1}: ${reason}`);
    }
  }
  return keys;
}
