import { privacyPolicyPath, privacyPolicySchema, type RetentionPolicy } from '@passerelle/shared/privacy/retention';
import { siteBuildConfig } from '../config.ts';

/**
 * The retention periods the CMS applies (RETENTION_* are the CMS's settings), read once per build
 * for the privacy page. A build that cannot read them fails: the page would otherwise promise
 * periods nobody checked against what the nightly job does.
 */
let policy: Promise<RetentionPolicy> | undefined;

async function fetchRetention(): Promise<RetentionPolicy> {
  const url = `${siteBuildConfig().cmsUrl}${privacyPolicyPath}`;
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`privacy policy: HTTP ${response.status} from ${url}`);
  const parsed = privacyPolicySchema.safeParse(await response.json());
  if (!parsed.success) throw new Error(`privacy policy: unexpected answer from ${url}: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  return parsed.data.retention;
}

export function retentionPolicy(): Promise<RetentionPolicy> {
  return (policy ??= fetchRetention().catch((error: unknown) => {
    policy = undefined;
    throw error;
  }));
}
