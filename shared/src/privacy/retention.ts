import { z } from 'zod';

/**
 * How long personal information is kept (Québec's Law 25: no longer than its purpose needs).
 * One definition for the CMS's retention job and for the privacy page, so what we say is what we do.
 * Each value can be changed by an environment variable of the CMS of the same name in SCREAMING_CASE,
 * e.g. `RETENTION_SIGNATURE_MONTHS_AFTER_CLOSE=12`. The CMS serves the policy it applies at
 * `privacyPolicyPath`, and the site's build reads it there for the privacy page: set once.
 */
export const retentionSchema = z.object({
  /** Signatures are anonymised (name, email, phone, IP, postal code beyond its first 3 characters). */
  signatureMonthsAfterClose: z.coerce.number().int().min(1).max(60).default(6),
  /**
   * Follow-up contact details left with consultation answers are erased this many days after the
   * consultation closes (0: at closing), whether or not results were written: by dates alone.
   */
  consultationContactDaysAfterClose: z.coerce.number().int().min(0).max(365).default(30),
  /** Registrations (RSVP) are erased this many days after the event. */
  registrationDaysAfterEvent: z.coerce.number().int().min(1).max(365).default(30),
  /** Submissions held as suspect (rate limits, honeypot) are erased after this many days. */
  suspectDays: z.coerce.number().int().min(1).max(365).default(30),
  /** "I'm interested" messages and event proposals are erased this many days after they are handled. */
  contactRequestDays: z.coerce.number().int().min(1).max(730).default(90),
  /**
   * Requests for a hand in the practitioners' space, with their threads, are deleted this many months
   * after they were marked resolved (or after their needed-by date, for one nobody resolved).
   */
  handRequestMonthsAfterResolved: z.coerce.number().int().min(1).max(60).default(6),
  /**
   * A member's private training progress (a unit's row) is deleted this many months after they last
   * changed it; a member's erasure deletes all of it at once.
   */
  trainingProgressMonthsIdle: z.coerce.number().int().min(1).max(120).default(24),
  /** Messages in round tables' and shared resources' threads in the practitioners' space are deleted this many months after they were posted. */
  threadMessageMonths: z.coerce.number().int().min(1).max(60).default(12),
  /** Members-only peer sessions in the practitioners' space are deleted with their registrations this many months after they ended. */
  peerSessionMonthsAfterEnd: z.coerce.number().int().min(1).max(60).default(12),
  /**
   * Resources shared in the practitioners' space (a link or a document, with its author and its
   * thread) are deleted with their stored file this many months after they were last changed.
   */
  spaceResourceMonths: z.coerce.number().int().min(1).max(120).default(24),
  /**
   * A member of the practitioners' space who has not signed in (nor used a session) for this many
   * months is erased, as an erasure on request would; told once, `inactiveMemberWarningDays` before.
   * At least 2 months, so the warning always comes after the last activity.
   */
  spaceInactiveMemberMonths: z.coerce.number().int().min(2).max(120).default(24),
});
export type RetentionPolicy = z.infer<typeof retentionSchema>;

/** Public, on the CMS: `{ retention }`, the periods its nightly job applies. */
export const privacyPolicyPath = '/passerelle/confidentialite.json';
export const privacyPolicySchema = z.object({
  // Every period given: a CMS that left one out must not let the page state a default it does not apply.
  retention: z
    .record(z.string(), z.number())
    .refine((given) => Object.keys(retentionSchema.shape).every((key) => key in given), 'a retention period is missing')
    .pipe(retentionSchema),
});

const envNames: Record<keyof RetentionPolicy, string> = {
  signatureMonthsAfterClose: 'RETENTION_SIGNATURE_MONTHS_AFTER_CLOSE',
  consultationContactDaysAfterClose: 'RETENTION_CONSULTATION_CONTACT_DAYS_AFTER_CLOSE',
  registrationDaysAfterEvent: 'RETENTION_REGISTRATION_DAYS_AFTER_EVENT',
  suspectDays: 'RETENTION_SUSPECT_DAYS',
  contactRequestDays: 'RETENTION_CONTACT_REQUEST_DAYS',
  handRequestMonthsAfterResolved: 'RETENTION_HAND_REQUEST_MONTHS_AFTER_RESOLVED',
  trainingProgressMonthsIdle: 'RETENTION_TRAINING_PROGRESS_MONTHS_IDLE',
  threadMessageMonths: 'RETENTION_THREAD_MESSAGE_MONTHS',
  peerSessionMonthsAfterEnd: 'RETENTION_PEER_SESSION_MONTHS_AFTER_END',
  spaceResourceMonths: 'RETENTION_SPACE_RESOURCE_MONTHS',
  spaceInactiveMemberMonths: 'RETENTION_SPACE_INACTIVE_MEMBER_MONTHS',
};

/** How long before an inactive member is erased they are told (once) that signing in keeps their account. */
export const inactiveMemberWarningDays = 30;

/** The policy from the environment; an invalid value stops the caller with a message naming it. */
export function retentionFromEnv(env: Record<string, string | undefined>): RetentionPolicy {
  const input = Object.fromEntries(
    Object.entries(envNames).flatMap(([key, name]) => (env[name] ? [[key, env[name]]] : [])),
  );
  const parsed = retentionSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${envNames[i.path[0] as keyof RetentionPolicy] ?? i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid retention setting: ${issues.join('; ')}`);
  }
  return parsed.data;
}
