/**
 * Collections that hold residents' personal information. Never readable by the public or by site
 * users: no routes, no GraphQL, every attribute `private`, and the Public role can never be given
 * an action on them (bootstrap/public-permissions.ts refuses). Admins see them in the admin panel.
 */
export const privateContentTypes = [
  'api::participation.signature',
  'api::participation.registration',
  'api::participation.event-seat-pool',
  'api::participation.interest',
  'api::participation.event-proposal',
  'api::participation.consultation-response',
  // Law 25's register of confidentiality incidents: admin-only like the rest.
  'api::participation.privacy-incident',
  // Spent ALTCHA challenges: no personal data, but nobody outside the CMS has any use for them.
  'api::participation.proof-of-work-use',
  // SMS code pages and re-sent confirmations: no contact details, but they point to signatures.
  'api::participation.signature-code-ticket',
  'api::participation.signature-resend',
  // The durable outbox: whole messages (codes, links, addresses) until they are sent.
  'api::participation.outbound-message',
  // Text messages in: where a conversation stands, the messages seen (ids, hashes), opted-out numbers (hashes).
  'api::participation.sms-conversation',
  'api::participation.sms-inbound',
  'api::participation.sms-opt-out',
  // The phone line: calls, items sent by text and registrations by phone (keys and hashes), for its limits.
  'api::participation.voice-action',
  // Alerts by neighbourhood: an email or a number, the choices and the consent time.
  'api::participation.alert-subscription',
  // The practitioners' space: open sessions and sign-in requests (hashes of tokens and codes).
  'api::practitioners.practitioner-session',
  'api::practitioners.practitioner-sign-in',
  // A table's calendar subscription addresses (hashes of the secret tokens).
  'api::practitioners.calendar-token',
  // Requests for a hand and their threads: seen by the members of the chosen tables, in the space only.
  'api::practitioners.hand-request',
  'api::practitioners.hand-reply',
  // Which draft for the public site a meeting or a request made, who made it and when (the daily limit).
  'api::practitioners.public-draft',
  // Shared resources: links seen by every member or by one round table's, in the space only.
  'api::practitioners.resource',
  // Training progress: each member's own, seen by that member only, in the space (never by OCs there).
  'api::practitioners.training-progress',
  // Threads on a round table or a shared resource: seen by whoever sees the table or the resource, in the space only.
  'api::practitioners.thread-message',
  // Peer training sessions for members only and their registrations: never events, never public; in the space only.
  'api::practitioners.training-session',
  'api::practitioners.training-session-registration',
] as const;

export type PrivateContentType = (typeof privateContentTypes)[number];

/**
 * The practitioners' space's members, round tables, their meetings and neighbourhood diagnostics: staff data (names, work emails and mobiles),
 * managed in the admin by OCs as well as the super admin. Private to the public like the
 * collections above (no route, no GraphQL, every attribute private, never in the Public role), and
 * every other admin role loses its permissions on them at each boot (bootstrap/admin-roles.ts).
 */
export const staffContentTypes = [
  'api::practitioners.practitioner',
  'api::practitioners.round-table',
  'api::practitioners.meeting',
  // Neighbourhood diagnostics and their plans of action: kept by the tables' members, corrected by OCs in the admin.
  'api::practitioners.diagnostic',
  'api::practitioners.diagnostic-action',
] as const;
