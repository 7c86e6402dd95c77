import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Twilio's Programmable Messaging REST API (`POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json`), answering the shapes Twilio documents: 201 with
 * `sid`/`status` on success, and `{ code, message, more_info, status }` errors — 401 for bad Basic
 * auth, 400 for a missing or malformed field (Twilio's own 400 message quotes the number back),
 * and whatever status a test scripts for one number (429, 500…). Every accepted message is kept in
 * `received`, every request in `requests`.
 */
export interface TwilioMessage {
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  sid: string;
}

export interface FakeTwilio {
  url: string;
  accountSid: string;
  authToken: string;
  /** Messages Twilio accepted (201). */
  received: TwilioMessage[];
  /** Every request that reached the fake, accepted or not. */
  requests: Array<{ method: string; path: string; status: number }>;
  /** The status to answer for a given `To`, until deleted: 429, 500, 400… */
  failures: Map<string, number>;
  /** While set, every message is refused with these statuses in turn (503, 429…): the provider is down. */
  outage: number[] | null;
  /**
   * `X-Twilio-Signature` for a callback, made as Twilio documents it: base64 HMAC-SHA1 with the
   * auth token over the URL, then each POST parameter sorted by name, name and value concatenated.
   */
  signCallback(url: string, params: Record<string, string>): string;
  close(): Promise<void>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

const twilioErrors: Record<number, { code: number; message: string }> = {
  401: { code: 20003, message: 'Authenticate' },
  404: { code: 20404, message: 'The requested resource was not found' },
  429: { code: 20429, message: 'Too Many Requests' },
  500: { code: 20500, message: 'Internal Server Error' },
  503: { code: 20503, message: 'Service Unavailable' },
};

export async function startFakeTwilio(): Promise<FakeTwilio> {
  const accountSid = `AC${hex(16)}`;
  const authToken = hex(16);
  const received: TwilioMessage[] = [];
  const requests: FakeTwilio['requests'] = [];
  const failures = new Map<string, number>();
  const state = { outage: null as number[] | null, refused: 0 };
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const answer = (status: number, body: Record<string, unknown>) => {
        requests.push({ method: req.method ?? '', path: req.url ?? '', status });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      const error = (status: number, code = twilioErrors[status]?.code ?? status * 100, message = twilioErrors[status]?.message ?? 'Error') =>
        answer(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

      if (req.method !== 'POST' || req.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) return error(404);
      if (req.headers.authorization !== expectedAuth) return error(401);
      if (!String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
        return error(400, 20001, 'Unsupported content type');
      }
      const form = new URLSearchParams(raw);
      const to = form.get('To');
      const from = form.get('From');
      const messagingServiceSid = form.get('MessagingServiceSid');
      const body = form.get('Body');
      if (!to) return error(400, 21604, "A 'To' phone number is required.");
      if (!body) return error(400, 21602, 'Message body is required.');
      if (!from && !messagingServiceSid) return error(400, 21603, "A 'From' phone number is required.");
      // Twilio's real message names the number: whoever logs it verbatim leaks it.
      if (!/^\+[1-9]\d{7,14}$/.test(to)) return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
      if (state.outage?.length) return error(state.outage[state.refused++ % state.outage.length]!);
      const scripted = failures.get(to);
      if (scripted === 400) return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
      if (scripted) return error(scripted);

      const sid = `SM${hex(16)}`;
      received.push({ to, from, messagingServiceSid, body, statusCallback: form.get('StatusCallback'), sid });
      answer(201, {
        sid,
        account_sid: accountSid,
        to,
        from,
        messaging_service_sid: messagingServiceSid,
        body,
        status: messagingServiceSid && !from ? 'accepted' : 'queued',
        num_segments: '1',
        direction: 'outbound-api',
        date_created: new Date().toUTCString(),
        error_code: null,
        error_message: null,
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/SM${hex(16)}.json`,
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    received,
    requests,
    failures,
    get outage() {
      return state.outage;
    },
    set outage(statuses: number[] | null) {
      state.outage = statuses;
    },
    signCallback: (url, params) =>
      createHmac('sha1', authToken)
        .update(url + Object.keys(params).sort().map((name) => name + params[name]).join(''))
        .digest('base64'),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The CMS settings that send text messages through this fake, as a real Twilio account would be set. */
export const twilioEnv = (fake: Pick<FakeTwilio, 'url' | 'accountSid' | 'authToken'>) => ({
  SMS_PROVIDER: 'twilio',
  TWILIO_ACCOUNT_SID: fake.accountSid,
  TWILIO_AUTH_TOKEN: fake.authToken,
  TWILIO_FROM: '+15145550100',
  TWILIO_MESSAGING_SERVICE_SID: undefined,
  TWILIO_API_URL: fake.url,
});
