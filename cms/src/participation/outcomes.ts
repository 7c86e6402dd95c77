import type { Ctx } from './http/respond';

/**
 * What a resident's form did, for the metrics (`passerelle_participation_outcomes_total`): the
 * request log counts it once the answer is sent. A closed list, so a label never holds anything
 * a person typed. Suspect submissions are answered exactly like accepted ones; only here and in
 * the database do they differ.
 */
export type ParticipationForm =
  | 'signature'
  | 'signature-confirmation'
  | 'registration'
  | 'registration-cancel'
  | 'interest'
  | 'proposal'
  | 'consultation-answer'
  | 'alert-subscription'
  | 'alert-confirmation'
  | 'alert-stop'
  /** The practitioners' space: a sign-in request, a code or link used, a sign-out. */
  | 'space-sign-in'
  | 'space-session'
  /** Round tables and meetings in the space: leaving a table, a meeting planned or changed, minutes, attendance. */
  | 'space-table'
  | 'space-meeting'
  | 'space-minutes'
  | 'space-attendance'
  /** The agenda or the minutes sent to a table's members. */
  | 'space-mailing'
  /** An invitation to a table, made from the space. */
  | 'space-invitation'
  /** Requests for a hand: a request posted, edited or resolved, a reply, a member's notice preferences. */
  | 'space-hand'
  | 'space-hand-reply'
  | 'space-notices'
  /** A draft event or call for the public site, proposed from a meeting or a request. */
  | 'space-public-draft'
  /** A neighbourhood diagnostic's barriers saved, an action of its plan added or updated. */
  | 'space-diagnostic'
  /** A member's consent to appear in the partner directory, given, changed or withdrawn. */
  | 'space-directory'
  /** Shared resources: a link shared or deleted. */
  | 'space-resource'
  /** Private training progress: a unit marked, a self-check answered (kept or not), progress erased. */
  | 'space-training'
  /** A message posted in a table's or a resource's thread. */
  | 'space-thread'
  /** Members-only peer sessions: one announced, a seat taken or waited for, a seat given up. */
  | 'space-peer-session';

export type ParticipationOutcome =
  /** Stored and counted (a signature still to confirm, an answer, a proposal…). */
  | 'accepted'
  /** A registration with a seat; a signature confirmed by its link or code. */
  | 'confirmed'
  | 'waitlisted'
  | 'already-confirmed'
  /** Someone who had already signed or registered: told again, nothing new stored. */
  | 'repeat'
  /** Over the per-address limits: stored as suspect, nothing sent. */
  | 'throttled'
  /** Held back for another reason (the honeypot), or suspect without a finer reason. */
  | 'suspect'
  | 'cancelled'
  /** The form again, with errors (422). */
  | 'invalid'
  /** The item takes no answer now: closed, full, not open yet (409). */
  | 'refused'
  /** No such published item (404), or a link or code that matches nothing. */
  | 'unknown'
  /** Too many wrong codes (429). */
  | 'locked';

const STATE_KEY = 'participationOutcome';

export function reportOutcome(ctx: Ctx, form: ParticipationForm, outcome: ParticipationOutcome): void {
  if (ctx.state) ctx.state[STATE_KEY] = { form, outcome };
}

export function reportedOutcome(ctx: { state?: Record<string, unknown> }): { form: string; outcome: string } | undefined {
  const value = ctx.state?.[STATE_KEY] as { form: string; outcome: string } | undefined;
  return value && typeof value.form === 'string' ? value : undefined;
}

/** A petition confirmation's result, by link or by code, as an outcome. */
export function confirmationOutcome(kind: 'confirmed' | 'already-confirmed' | 'invalid' | 'wrong-code' | 'locked'): ParticipationOutcome {
  if (kind === 'wrong-code') return 'invalid';
  return kind === 'invalid' ? 'unknown' : kind;
}

export function hasReportedOutcome(ctx: Ctx): boolean {
  return reportedOutcome(ctx) !== undefined;
}
