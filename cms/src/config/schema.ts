import { z } from 'zod';

/**
 * Every variable the CMS reads, one zod object per concern, each variable `.describe()`d: the
 * description is its row in docs/configuration.md (scripts/configuration-doc.mjs writes it).
 * Values are validated here; refusals that need several variables at once (secrets, transports,
 * preview) stay beside the code they protect, which receives these parsed values.
 */
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
/** Whitespace alone means "unset", as an empty line in an .env file does. */
const blankless = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);
const optionalText = () => z.string().optional();
/** As Strapi's `env.bool`: only the word `true` is true. */
const flag = (fallback: 'true' | 'false') => blankless(z.string().default(fallback)).transform((v) => v === 'true');

export const runtimeSchema = z.object({
  NODE_ENV: optionalText().describe(
    'Only `development` or `test` may fall back to the committed dev secrets and admin, and only they serve the developer pages (dev outbox, GraphQL landing page, introspection, stack traces in GraphQL errors); any other value (`staging` too), or none, requires every secret and serves none of them. `npm start` sets `development`. Read as it is at each check (`cms/config/env-secrets.ts`), not cached.',
  ),
  ADMIN_EMAIL: optionalText().describe('First administrator, created at boot if there is none (`admin@passerelle.local` in development only).'),
  ADMIN_PASSWORD: optionalText().describe('Password of that first administrator (`Passerelle-dev-2026!` in development only).'),
  SEED_DEMO_DATA: optionalText().describe('`true` seeds `cms/data/*.json` (idempotent: existing slugs are left alone); `npm start` sets it.'),
  SEED_DATA_DIR: optionalText().describe('Where the seed reads its JSON (default `cms/data`; the benchmark points it at generated data).'),
  SEED_FIXTURES_DIR: optionalText().describe('With `SEED_DEMO_DATA=true`, a second folder in the same format seeded after the demo data, every entry or the boot fails (`npm test` writes the browser journeys\' named items there).'),
});

export const participationSchema = z.object({
  PUBLIC_SITE_URL: z
    .string()
    .url()
    .default('http://127.0.0.1:4321')
    .describe('Origin of the site, for the links in emails and texts and the draft preview (`npm start` sets it); allowed by CORS and to post the forms.'),
  ALLOWED_ORIGINS: optionalText().describe(
    'Extra origins of ours, comma-separated (`https://www.example.org`): allowed by CORS and to post the forms, like `PUBLIC_URL` and `PUBLIC_SITE_URL`. Every other origin gets no CORS headers.',
  ),
  PARTICIPATION_SECRET: optionalText().describe(
    'Key of the IP hashes, SMS codes and RSVP cancel links (changing it voids the cancel links already sent). `dev-only-…` in development/test only; elsewhere same rules as the Strapi secrets.',
  ),
  PETITION_RATE_SHORT_MAX: positiveInt(1).describe(
    'Submissions per IP per item in the short window (signatures, event registrations, consultation answers, "I\'m interested"; a re-sent petition confirmation counts as one); beyond, stored as suspect (a re-send: nothing sent).',
  ),
  PETITION_RATE_SHORT_SECONDS: positiveInt(60).describe('Length of the short window, in seconds.'),
  PETITION_RATE_LONG_MAX: positiveInt(5).describe('Submissions per IP per item in the long window (same rules as the short one).'),
  PETITION_RATE_LONG_SECONDS: positiveInt(300).describe('Length of the long window, in seconds.'),
  ALTCHA_HMAC_KEY: optionalText().describe(
    "Key that signs the petition form's proof-of-work challenges; `dev-only-…` in development/test only, the boot stops without it otherwise (same rules as the Strapi secrets).",
  ),
  // ~0.3–1 s on an old phone: docs/participation.md "How abuse protection works" gives the measurement.
  ALTCHA_MAX_NUMBER: positiveInt(30_000).describe(
    'Proof-of-work difficulty (≈ 0.4 s on a mid-range phone, 1 s on an old one; [abuse protection](participation.md#how-abuse-protection-works-on-petitions)).',
  ),
  ALTCHA_EXPIRES_SECONDS: positiveInt(300).describe('How long a proof-of-work challenge stays valid.'),
  PETITION_COUNT_CACHE_SECONDS: z.coerce
    .number()
    .min(0)
    .default(30)
    .describe('Server and browser cache of the public counts (`compte.json`, `comptes.json`); `0` turns the server cache off (tests, e2e).'),
  CONSULTATION_RESULTS_CACHE_SECONDS: z.coerce
    .number()
    .min(0)
    .default(60)
    .describe('Server cache of the public consultation results (`resultats.json`); `0` turns it off.'),
  // Who may tell us the client's address (http/ip-address.ts). Default: nobody, the socket's peer.
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .describe(
      "Proxies whose `X-Forwarded-For` the CMS believes, comma-separated: addresses, CIDR networks (IPv4 or IPv6) and `loopback` (`npm start`, `npm test` and the benchmarks set `loopback`). The client is the right-most entry not written by one of them; without any, the socket's address (so a client reaching the CMS directly cannot pick its own). Behind a CDN and nginx, name both. The same address feeds every per-address limit, Strapi's admin login limiter included. Only these proxies are believed when they say the request came over TLS (`X-Forwarded-Proto: https`): HSTS, `Secure` admin cookies.",
    ),
  TRUSTED_PROXY_HOPS: z.coerce
    .number()
    .int()
    .min(0)
    .max(10)
    .default(0)
    .describe('Instead of (or besides) addresses: the nearest N hops are proxies whatever their address (a CDN without fixed addresses). Only if the CMS cannot be reached around them.'),
  // The old switch trusted any peer's X-Forwarded-For. `false` is the new default; `true` stops the boot.
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .optional()
    .describe('Removed: `true` (it believed anyone) stops the boot with a message naming `TRUSTED_PROXIES`; `false` is the default anyway.'),
  PROPOSALS_NOTIFY_EMAIL: optionalText().describe(
    'The OC team\'s address: emailed when a group proposes an activity (a draft event is created either way), and for an "I\'m interested" on a call that names no contact email and whose organization has none. `npm test` sets `oc@passerelle.test`.',
  ),
  DEV_OUTBOX_FILE: optionalText().describe('Where the dev outbox writes (development and tests only; default `.tmp/outbox.jsonl` from the CMS\'s working directory).'),  SPACE_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(10 * 1024 * 1024)
    .describe(
      "Largest document a member may upload to a shared resource of the practitioners' space, in bytes (1 KB–50 MB, default 10 MB); a larger one is refused with a French page and nothing kept. nginx's `client_max_body_size` for that one address must allow it (`deploy/nginx`).",
    ),
  SPACE_FILES_DIR: blankless(z.string().default('.tmp/space-files')).describe(
    "Private folder of the practitioners' space's uploaded documents, relative to `cms/` (default next to the SQLite database). Never under `PUBLIC_DIR`: the files are served only through the signed-in download route. Every CMS instance must see the same folder (one server: the default; several: shared storage); `pnpm backup` saves it with the database ([decision 0053](decisions/0053-space-files-in-backups-quotas-and-widened-digests.md)).",
  ),
  SPACE_UPLOAD_QUOTA_MEMBER_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024 * 1024)
    .default(100 * 1024 * 1024)
    .describe(
      "Total size of the documents one member may keep in the practitioners' space's shared resources, in bytes (1 KB–100 GB, default 100 MB); past it, a new document is refused with a French message and the form's values kept. Deleting a document frees its room.",
    ),
  SPACE_UPLOAD_QUOTA_TABLE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024 * 1024)
    .default(1024 * 1024 * 1024)
    .describe(
      "Total size of the documents shared with one round table, whoever shared them, in bytes (1 KB–1 TB, default 1 GB); past it, a new document for that table is refused the same way. Documents for every member count only in their author's quota.",
    ),
  // Notices about one item of the space to the people on it fold under bursts (messages/fold.ts, decision 0061).
  SPACE_NOTICE_FOLD_MINUTES: blankless(z.coerce.number().int().min(1).max(240).default(10)).describe(
    "Practitioners' space: after a notice about one item (a peer session changed, a new message in a discussion, a reply to a request for a hand) reached a person, the next ones about the same item wait this many minutes and fold into one (the latest change wins) (1–240, default 10) ([decision 0061](decisions/0061-notices-of-the-space-fold-under-bursts.md)).",
  ),
  SPACE_NOTICES_PER_ITEM_PER_DAY: blankless(z.coerce.number().int().min(1).max(50).default(3)).describe(
    "Practitioners' space: at most this many notices about one item to one person in 24 hours (1–50, default 3); past it, nobody is told again that day (the editor of a peer session is told so, plainly), and the discussions still show in the weekly digest.",
  ),
  // The antivirus pass on space documents (space/antivirus.ts, decision 0058). Both a socket and a host stop the boot there.
  CLAMD_SOCKET: blankless(z.string().trim().optional()).describe(
    "Unix socket of a clamd daemon (ClamAV's `LocalSocket`, Debian: `/run/clamav/clamd.ctl`) that scans every document uploaded to the practitioners' space before it is kept. Unset, and `CLAMD_HOST` unset too: documents are not scanned; set one of them in production ([deploy](deploy.md#antivirus-clamd)). Set: an infected document is refused with a French message and nothing kept, and so is any document when clamd cannot be reached, answers an error or not within `CLAMD_TIMEOUT_MS` (fail closed). Not with `CLAMD_HOST`.",
  ),
  CLAMD_HOST: blankless(z.string().trim().optional()).describe('Or: the address of a clamd daemon listening on TCP (`TCPSocket`), same rules as `CLAMD_SOCKET`. Only on a private network: clamd has no authentication.'),
  CLAMD_PORT: blankless(z.coerce.number().int().min(1).max(65_535).default(3310)).describe("clamd's TCP port, with `CLAMD_HOST`."),
  CLAMD_TIMEOUT_MS: blankless(z.coerce.number().int().min(100).max(120_000).default(20_000)).describe(
    "How long one scan may take, connecting, sending and answering, in milliseconds (100–120000, default 20000); past it the document is refused as unscanned.",
  ),
  QPDF_PATH: blankless(z.string().default('qpdf')).describe(
    "The `qpdf` program (Debian's qpdf 11; `scripts/lib.sh` installs it) that rewrites every PDF shared in the practitioners' space without its author, dates, XMP metadata and earlier revisions ([decision 0057](decisions/0057-shared-documents-lose-their-metadata.md)). A name is looked up in `PATH`; without it, PDFs are refused.",
  ),
});

export const E164 = /^\+[1-9]\d{7,14}$/;
const optionalValue = <T extends z.ZodTypeAny>(schema: T) => blankless(schema.optional());

/** Email transport, also read by Strapi's email plugin (config/plugins.ts). */
export const smtpSchema = z.object({
  SMTP_HOST: optionalValue(z.string().trim()).describe(
    'SMTP server. Required outside development/test (the boot stops without it); in development, unset means the dev outbox.',
  ),
  SMTP_PORT: blankless(z.coerce.number().int().min(1).max(65_535).default(587)).describe('SMTP port.'),
  SMTP_SECURE: flag('false').describe('`true`: TLS from the first byte (port 465); otherwise STARTTLS when offered.'),
  SMTP_USER: optionalValue(z.string()).describe('SMTP user name (no authentication when unset).'),
  SMTP_PASSWORD: optionalValue(z.string()).describe('SMTP password.'),
  EMAIL_FROM: blankless(z.string().default('Passerelle <no-reply@passerelle.local>')).describe('Sender of emails.'),
  EMAIL_REPLY_TO: optionalValue(z.string()).describe('Reply-To of emails (default: `EMAIL_FROM`).'),
});

export const messagesSchema = smtpSchema.extend({
  SMS_PROVIDER: optionalValue(z.enum(['twilio', 'telnyx'], { message: 'valeurs possibles : twilio, telnyx (only "twilio" or "telnyx")' })).describe(
    '`twilio` or `telnyx`. Required outside development/test (the boot stops without it: the forms offer a phone everywhere); in development, unset means the dev outbox.',
  ),
  SMS_CALLBACK_BASE_URL: optionalValue(z.string().url()).describe(
    "Public origin at which the SMS provider reaches the write path (usually `PUBLIC_SITE_URL`'s, which proxies `/participer/`; `https://` in production). Set: every text message asks for delivery reports at `<this>/participer/webhooks/sms/<provider>`, and Twilio's signatures are checked against that exact URL. Unset: no delivery reports are asked for and the Twilio callback route answers 404 ([callbacks](security.md#sms-delivery-callbacks)).",
  ),
  TWILIO_ACCOUNT_SID: optionalValue(z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'AC suivi de 32 caractères hexadécimaux (AC + 32 hex characters)')).describe(
    'Twilio account (`AC…` + 32 hex; HTTP Basic auth user). Required with `SMS_PROVIDER=twilio`.',
  ),
  TWILIO_AUTH_TOKEN: optionalValue(z.string().min(1)).describe('Twilio auth token (HTTP Basic auth password). Required with `SMS_PROVIDER=twilio`.'),
  TWILIO_FROM: optionalValue(z.string().regex(E164, 'un numéro au format E.164, par exemple +15145550100 (an E.164 number)')).describe(
    'The sending number (E.164, `+1…`). This or `TWILIO_MESSAGING_SERVICE_SID` is required with `SMS_PROVIDER=twilio`.',
  ),
  TWILIO_MESSAGING_SERVICE_SID: optionalValue(
    z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'MG suivi de 32 caractères hexadécimaux (MG + 32 hex characters)'),
  ).describe('A Messaging Service (`MG…`), preferred to `TWILIO_FROM` when set.'),
  TWILIO_API_URL: blankless(z.string().url().default('https://api.twilio.com')).describe("Twilio's API origin (tests point it at a local fake)."),
  TELNYX_API_KEY: optionalValue(z.string().min(1)).describe('Telnyx API key (v2, sent as a bearer token). Required with `SMS_PROVIDER=telnyx`.'),
  TELNYX_FROM: optionalValue(z.string().regex(E164, 'un numéro au format E.164, par exemple +15145550100 (an E.164 number)')).describe(
    'The sending number (E.164). This or `TELNYX_MESSAGING_PROFILE_ID` is required with `SMS_PROVIDER=telnyx`; with both, both are sent.',
  ),
  TELNYX_MESSAGING_PROFILE_ID: optionalValue(z.string().uuid('un identifiant UUID (a UUID)')).describe(
    'A Messaging Profile (UUID) whose number pool picks the sender when `TELNYX_FROM` is unset.',
  ),
  TELNYX_PUBLIC_KEY: optionalValue(
    z
      .string()
      .trim()
      .refine((v) => /^[A-Za-z0-9+/]{43}=$/.test(v), 'la clé publique Ed25519 en base64, 44 caractères (the base64 Ed25519 public key, 44 characters)'),
  ).describe(
    "The account's webhook public key (base64 Ed25519, from the Telnyx portal): delivery reports are accepted only with a valid `telnyx-signature-ed25519` over it. Required with `SMS_PROVIDER=telnyx` and `SMS_CALLBACK_BASE_URL`; unset, the Telnyx callback route answers 404.",
  ),
  TELNYX_API_URL: blankless(z.string().url().default('https://api.telnyx.com')).describe("Telnyx's API origin (tests point it at a local fake)."),
  SMS_HELP_PHONE: optionalValue(z.string().max(40)).describe(
    'The phone number residents can call, given in the reply to `AIDE`/`HELP`/`INFO` by text message (as written, e.g. `514 555-0100`). Unset: the reply names none.',
  ),
  SMS_INBOUND_REPLIES_PER_HOUR: blankless(z.coerce.number().int().min(1).max(1_000).default(20)).describe(
    'Text messages from one number answered per hour; beyond that they are recorded and ignored, without a reply (a flood costs nothing). `ARRET`/`STOP` is always honoured.',
  ),
  VOICE_TTS_VOICE_FR: blankless(z.string().regex(/^[A-Za-z0-9._-]{1,80}$/, 'un nom de voix, par exemple Polly.Gabrielle-Neural (a voice name)').default('Polly.Gabrielle-Neural')).describe(
    "The phone line's French text-to-speech voice, read with `language=\"fr-CA\"` ([phone line](phone-line.md)): a voice both providers offer for Canadian French, e.g. `Polly.Gabrielle-Neural`, `Polly.Liam-Neural` or `Polly.Chantal`.",
  ),
  VOICE_TTS_VOICE_EN: blankless(z.string().regex(/^[A-Za-z0-9._-]{1,80}$/, 'un nom de voix, par exemple Polly.Joanna-Neural (a voice name)').default('Polly.Joanna-Neural')).describe(
    "The phone line's English voice (after 9), read with `language=\"en-US\"`: e.g. `Polly.Joanna-Neural`.",
  ),
  VOICE_CALLS_PER_HOUR: blankless(z.coerce.number().int().min(1).max(1_000).default(10)).describe(
    'Calls to the phone line answered per caller number and hour; beyond that a call hears a short apology and is hung up, and nothing is read or done.',
  ),
  VOICE_ACTIONS_PER_HOUR: blankless(z.coerce.number().int().min(1).max(100).default(3)).describe(
    'Items sent by text (1) and registrations (2) per caller number and hour, each counted apart: caller ID can be forged, so a caller cannot make the line text or register a number more than this.',
  ),
  DEV_OUTBOX_DAYS: blankless(z.coerce.number().int().min(1).max(365).default(7)).describe('The retention job drops dev outbox messages older than this (1–365).'),
  OUTBOX_POLL_MS: blankless(z.coerce.number().int().min(10).max(600_000).default(2_000)).describe(
    'How often each CMS process looks for messages due in the outbox (milliseconds; a new message also wakes it at once). Tests set it short.',
  ),
  OUTBOX_MAX_ATTEMPTS: blankless(z.coerce.number().int().min(1).max(50).default(8)).describe(
    'Tries before a message is marked dead (shown to OCs on the admin homepage); a refusal that cannot change (bad number, address refused) is dead at once.',
  ),
  OUTBOX_RETRY_BASE_MS: blankless(z.coerce.number().int().min(1).max(3_600_000).default(30_000)).describe(
    'First retry delay after a provider failed (milliseconds); doubled at each try, with jitter, up to `OUTBOX_RETRY_MAX_MS`.',
  ),
  OUTBOX_RETRY_MAX_MS: blankless(z.coerce.number().int().min(1).max(3_600_000).default(3_600_000)).describe(
    'Longest wait between two tries of a message (milliseconds, default one hour): once a provider is back, the queue drains within about this long.',
  ),
  OUTBOX_LEASE_SECONDS: blankless(z.coerce.number().int().min(1).max(3_600).default(120)).describe(
    'How long a process holds a message it is sending; a message still held after that (the process died mid-send) is sent again.',
  ),
  OUTBOX_KEEP_DAYS: blankless(z.coerce.number().int().min(1).max(365).default(30)).describe(
    'The retention job deletes outbox rows (already without recipient or text once sent) older than this, and dead or never-sent messages with them (1–365).',
  ),
});

export const previewSchema = z.object({
  PREVIEW_SECRET: optionalText().describe(
    'Key of the HMAC that signs each preview URL (`/apercu/?…&exp=…&sig=`; never sent in a URL); the site server answers 401 to a URL it did not sign. `dev-only-…` in development/test, random per run in `npm start`; set the same value on the site server, and both this and `PREVIEW_API_TOKEN` or neither (preview off); at least 24 characters outside development.',
  ),
  PREVIEW_API_TOKEN: optionalText().describe(
    'Access key of the read-only API token the CMS keeps at boot; the site server reads drafts with it. Same rules as `PREVIEW_SECRET`.',
  ),
  // Checked in preview/settings.ts, whose messages name the limits.
  PREVIEW_URL_TTL_SECONDS: optionalText().describe(
    'How long a preview URL the CMS hands out keeps opening its draft (60 to 86400, default 1800); after that the site server shows « Aperçu expiré ».',
  ),
  PREVIEW_SITE_URL: optionalText().describe('Where the site server answers `/apercu/` (the admin frames it); default `PUBLIC_SITE_URL`.'),
});

export const publishingSchema = z.object({
  PUBLISHER_URL: optionalText().describe(
    'Where the CMS sends its publish webhook (`npm start`: `http://127.0.0.1:$PUBLISHER_PORT/webhooks/strapi`). Unset: no webhook (and one left from an earlier boot is removed). The admin widget *Publication du site* reads `status.json` next to it (a trailing `/webhooks/strapi` is dropped).',
  ),
  PUBLISHER_SECRET: optionalText().describe(
    'Shared secret the CMS sends in `X-Passerelle-Publisher-Secret` (the publisher\'s own `PUBLISHER_SECRET`); required when `PUBLISHER_URL` is set.',
  ),
});

export const editorialSchema = z.object({
  REVIEW_NOTIFY_EMAIL: optionalText().describe(
    "Address(es), comma-separated, told when a draft waits for review in a neighbourhood whose `ocEmails` is empty. Without it, such a request is only logged.",
  ),
});

/** The balado (podcast): Debian's ffmpeg transcodes each episode's audio on save (docs/balado.md). */
export const podcastSchema = z.object({
  FFMPEG_PATH: blankless(z.string().default('ffmpeg')).describe('The `ffmpeg` program that transcodes episode audio (Debian\'s ffmpeg 5.1; `scripts/lib.sh` installs it). A name is looked up in `PATH`.'),
  FFPROBE_PATH: blankless(z.string().default('ffprobe')).describe('The `ffprobe` program that checks an uploaded episode file is real audio, and how long it is.'),
  EPISODE_MAX_MINUTES: blankless(z.coerce.number().int().min(1).max(180).default(90)).describe(
    'Longest episode accepted, in minutes ([balado](balado.md)): a longer file is refused at save with a French message.',
  ),
});

export const retentionSchema = z.object({
  RETENTION_SIGNATURE_MONTHS_AFTER_CLOSE: optionalText().describe('Months after a petition closes before its signatures are anonymised (1–60, default 6).'),
  RETENTION_CONSULTATION_CONTACT_DAYS_AFTER_CLOSE: optionalText().describe(
    'Days after a consultation closes before follow-up contact details are erased (0–365, default 30; `0`: at closing).',
  ),
  RETENTION_REGISTRATION_DAYS_AFTER_EVENT: optionalText().describe('Days after an event before its registrations are erased (1–365, default 30).'),
  RETENTION_SUSPECT_DAYS: optionalText().describe('Days before suspect submissions are erased (1–365, default 30).'),
  RETENTION_CONTACT_REQUEST_DAYS: optionalText().describe('Days before "I\'m interested" messages and event proposals are erased (1–730, default 90).'),
  RETENTION_HAND_REQUEST_MONTHS_AFTER_RESOLVED: optionalText().describe(
    "Months after a request for a hand in the practitioners' space is marked resolved (or after its needed-by date, if nobody resolved it) before it is deleted with its thread (1–60, default 6).",
  ),
  RETENTION_TRAINING_PROGRESS_MONTHS_IDLE: optionalText().describe(
    "Months after a member of the practitioners' space last changed a unit of their private training progress before that row is deleted (1–120, default 24).",
  ),
  RETENTION_THREAD_MESSAGE_MONTHS: optionalText().describe(
    "Months after a message in a round table's or a shared resource's thread in the practitioners' space was posted before it is deleted (1–60, default 12).",
  ),
  RETENTION_PEER_SESSION_MONTHS_AFTER_END: optionalText().describe(
    "Months after a members-only peer session in the practitioners' space ended before it is deleted with its registrations (1–60, default 12).",
  ),
  RETENTION_SPACE_RESOURCE_MONTHS: optionalText().describe(
    "Months after a resource shared in the practitioners' space was last changed before it is deleted with its thread and its stored document (1–120, default 24).",
  ),
  RETENTION_SPACE_INACTIVE_MEMBER_MONTHS: optionalText().describe(
    "Months without signing in after which a member of the practitioners' space is erased as on request, told once 30 days before (2–120, default 24).",
  ),
});

/**
 * Read by Strapi's own config files (cms/config/*.ts) through the same schema. The Strapi secrets
 * are checked by cms/config/env-secrets.ts, whose refusals name the variable.
 */
const strapiSecret = (what: string) =>
  optionalText().describe(
    `${what}. \`dev-only-…\` with \`NODE_ENV=development\`/\`test\` only; elsewhere it must be at least 24 characters, with at least 10 different ones, and no committed default or placeholder (\`dev-only-…\`, \`change-me\`, \`toBeModified\`…): the boot stops naming the variable. \`openssl rand -base64 24\` gives a good one.`,
  );

export const strapiSchema = z.object({
  HOST: blankless(z.string().default('127.0.0.1')).describe('Address the CMS listens on.'),
  PORT: blankless(z.coerce.number().int().min(0).max(65_535).default(1337)).describe('Port the CMS listens on (`npm start` passes `CMS_PORT`).'),
  PUBLIC_URL: optionalText().describe(
    "Public URL of the CMS when behind a proxy. Its origin (the admin panel's) is one of the only origins CORS answers, with credentials.",
  ),
  APP_KEYS: strapiSecret('Strapi secret: the keys that sign its cookies, comma-separated (each key is checked on its own)'),
  ADMIN_JWT_SECRET: strapiSecret("Strapi secret: signs the admin panel's sessions"),
  API_TOKEN_SALT: strapiSecret('Strapi secret: salt of the API tokens\' hashes'),
  TRANSFER_TOKEN_SALT: strapiSecret('Strapi secret: salt of the transfer tokens\' hashes'),
  JWT_SECRET: strapiSecret('Strapi secret: signs the users-permissions tokens'),
  ENCRYPTION_KEY: strapiSecret('Strapi secret: encrypts the API tokens kept in the database'),
  LOG_LEVEL: blankless(z.string().default('http')).describe(
    'Strapi log level (`http` logs each request: method, path without query string, time, status). Every line is redacted ([logs](participation.md#logs)).',
  ),
  RETENTION_CRON: blankless(z.string().default('15 3 * * *')).describe('When the retention job runs (Québec time).'),
  EVENT_REMINDER_CRON: blankless(z.string().default('5 * * * *')).describe(
    'When the event reminder job runs (Québec time; hourly by default). Each run reminds the confirmed registrations of events starting the next calendar day in Montréal time, within `EVENT_REMINDER_HOURS` ([reminders](messages.md#reminders-the-day-before)).',
  ),
  EVENT_REMINDER_HOURS: blankless(
    z
      .string()
      .regex(/^\d{1,2}-\d{1,2}$/, 'deux heures, par exemple 10-20 (two hours, e.g. 10-20)')
      .refine((v) => {
        const [from, until] = v.split('-').map(Number) as [number, number];
        return from >= 0 && until <= 24 && from < until;
      }, 'de 0 à 24, la première avant la seconde (0 to 24, the first before the second)')
      .default('10-20'),
  ).describe(
    'Hours of the day before an event, in Montréal time, during which reminders go out: `10-20` is from 10:00 until 19:59. A run outside them does nothing; a registration still without its reminder when they end gets none.',
  ),
  ALERT_DIGEST_CRON: blankless(z.string().default('20 * * * *')).describe(
    'When the weekly alert digest job runs (Québec time; hourly by default). Only runs on `ALERT_DIGEST_DAY` within `ALERT_DIGEST_HOURS` send anything; each subscriber gets one digest per week, however many runs ([alerts by neighbourhood](messages.md#alerts-by-neighbourhood)).',
  ),
  HAND_DIGEST_CRON: blankless(z.string().default('40 8 * * 1')).describe(
    "When the weekly digest of requests for a hand goes to the practitioners' space members who chose it (Québec time; Monday 8:40 by default). Each member gets at most one per week, however many runs ([practitioners' space](practitioners-space.md#requests-for-a-hand)).",
  ),
  ALERT_DIGEST_DAY: blankless(z.enum(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']).default('thursday')).describe(
    'The day of the week, in Montréal, the alert digests go out (`thursday`: the weekend\'s activities are still ahead). Residents read it in their confirmation.',
  ),
  ALERT_DIGEST_HOURS: blankless(
    z
      .string()
      .regex(/^\d{1,2}-\d{1,2}$/, 'deux heures, par exemple 9-20 (two hours, e.g. 9-20)')
      .refine((v) => {
        const [from, until] = v.split('-').map(Number) as [number, number];
        return from >= 0 && until <= 24 && from < until;
      }, 'de 0 à 24, la première avant la seconde (0 to 24, the first before the second)')
      .default('9-20'),
  ).describe('Hours of `ALERT_DIGEST_DAY`, in Montréal time, during which digests go out (`9-20`: from 9:00 until 19:59); a run cut short resumes at the next run within them.'),
  CRON_ENABLED: flag('true').describe(
    "`false` turns Strapi's scheduler off on this instance. Not needed to run jobs once across several instances: each run takes a database lock ([scheduled jobs](operations.md#scheduled-jobs)).",
  ),
  PUBLIC_DIR: blankless(z.string().default('public')).describe(
    "Folder the CMS serves as static files, relative to `cms/`; the media library's files are in its `uploads/` (`pnpm backup` saves them with the database).",
  ),
  DATABASE_CLIENT: blankless(z.string().default('sqlite')).describe('`sqlite` or `postgres` (anything else means `sqlite`).'),
  DATABASE_FILENAME: blankless(z.string().default('.tmp/data.db')).describe('SQLite file, relative to `cms/`.'),
  DATABASE_SQLITE_SYNCHRONOUS: blankless(z.string().default('FULL')).describe(
    '`NORMAL` trades durability on power loss for faster bulk loads (the benchmark uses it); anything else means `FULL`.',
  ),
  DATABASE_URL: optionalText().describe('PostgreSQL connection string (instead of the five variables below).'),
  DATABASE_HOST: blankless(z.string().default('127.0.0.1')).describe('PostgreSQL host.'),
  DATABASE_PORT: blankless(z.coerce.number().int().default(5432)).describe('PostgreSQL port.'),
  DATABASE_NAME: blankless(z.string().default('passerelle')).describe('PostgreSQL database.'),
  DATABASE_USERNAME: blankless(z.string().default('passerelle')).describe('PostgreSQL user.'),
  DATABASE_PASSWORD: blankless(z.string().default('')).describe('PostgreSQL password.'),
  DATABASE_SCHEMA: blankless(z.string().default('public')).describe('PostgreSQL schema.'),
  DATABASE_SSL: flag('false').describe('TLS to PostgreSQL.'),
  DATABASE_SSL_REJECT_UNAUTHORIZED: flag('true').describe("Refuse a PostgreSQL certificate that does not verify."),
  DATABASE_POOL_MIN: blankless(z.coerce.number().int().min(0).default(0)).describe('PostgreSQL pool minimum (several CMS instances share one database).'),
  DATABASE_POOL_MAX: blankless(z.coerce.number().int().min(1).default(10)).describe('PostgreSQL pool maximum.'),
  DATABASE_CONNECTION_TIMEOUT: blankless(z.coerce.number().int().min(0).default(60_000)).describe('Milliseconds to wait for a PostgreSQL connection.'),
  STRAPI_TELEMETRY_DISABLED: optionalText().describe('Set to `true` by every script: no telemetry (the update check is off in `config/server.ts`).'),
});

/** Health, metrics, logs and scheduled jobs (docs/operations.md). */
export const operationsSchema = z.object({
  METRICS_PORT: optionalValue(z.coerce.number().int().min(0).max(65_535)).describe(
    'Port of the Prometheus endpoint (`GET /metrics`), a server of its own, never the public port (the boot stops if it is `PORT`). Unset: no metrics endpoint. `0`: any free port (tests). Each CMS instance needs its own.',
  ),
  METRICS_HOST: blankless(z.string().default('127.0.0.1')).describe(
    'Address the metrics endpoint listens on. Keep it private: loopback, or an address only the Prometheus server can reach.',
  ),
  LOG_FORMAT: optionalValue(z.enum(['json', 'pretty'], { message: 'json ou pretty (json or pretty)' })).describe(
    '`json`: one JSON object per line (each request: method, route pattern, status, duration, request id), for a log collector; `pretty`: Strapi\'s line for people. Default `json` when `NODE_ENV=production`, `pretty` otherwise. Redacted either way.',
  ),
});

/** The CMS's configuration, concern by concern (the keys of `cmsConfig()`). */
export const cmsSchemas = {
  runtime: runtimeSchema,
  strapi: strapiSchema,
  participation: participationSchema,
  messages: messagesSchema,
  preview: previewSchema,
  publishing: publishingSchema,
  editorial: editorialSchema,
  podcast: podcastSchema,
  retention: retentionSchema,
  operations: operationsSchema,
} as const;
