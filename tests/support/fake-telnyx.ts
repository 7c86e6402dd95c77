import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Telnyx's Messaging API v2 (`POST /v2/messages`, JSON, `Authorization:
 * Bearer <API key>`), answering the shapes Telnyx documents: 200 with `{ data: { id, to: [{
 * phone_number, status: 'queued' }] … } }` on success, and `{ errors: [{ code, title, detail,
 * meta }] }` otherwise — 401 with code 10009 for a wrong key, 422/400 for a malformed or missing
 * field (its detail quotes the number back), and whatever status a test scripts for one number
 * (429 with 10011, 500 with 10007, 422 with 40310…). It also plays Telnyx's webhook sender: it
 * holds an Ed25519 key pair, gives the public key in base64 as the portal does, and signs
 * `${timestamp}|${body}` the way Telnyx's `telnyx-signature-ed25519` header is made.
 */
export interface TelnyxRequestBody {
  to?: string;
  from?: string;
  text?: string;
  messaging_profile_id?: string;
  webhook_url?: string;
  [field: string]: unknown;
}

export interface FakeTelnyx {
  url: string;
  apiKey: string;
  /** Base64 of the 32 raw bytes of the webhook signing key, as Telnyx's portal shows it. */
  publicKey: string;
  /** Messages Telnyx accepted, with the id it answered. */
  received: Array<TelnyxRequestBody & { id: string }>;
  /** Every request that reached the fake, with its headers. */
  requests: Array<{ method: string; path: string; status: number; headers: Record<string, string | string[] | undefined> }>;
  /** The status to answer for a given `to`, until deleted: 429, 500, 422, 400… */
  failures: Map<string, number>;
  /** The two headers Telnyx signs a webhook with, for this exact body. */
  signWebhook(body: string, timestampSeconds?: number): { 'telnyx-signature-ed25519': string; 'telnyx-timestamp': string };
  close(): Promise<void>;
}

const telnyxErrors: Record<number, { code: string; title: string; detail: string }> = {
  400: { code: '40310', title: "Invalid 'to' address", detail: "The 'to' address should be a single valid number." },
  401: { code: '10009', title: 'Authentication failed', detail: 'The required authentication headers were either invalid or not included in the request.' },
  404: { code: '10005', title: 'Resource not found', detail: 'The requested resource or URL could not be found.' },
  422: { code: '40310', title: "Invalid 'to' address", detail: "The 'to' address should be a single valid number." },
  429: { code: '10011', title: 'Too many requests', detail: 'You have exceeded the maximum number of allowed requests.' },
  500: { code: '10007', title: 'Unexpected error', detail: 'An unexpected error occured.' },
  503: { code: '10007', title: 'Unexpected error', detail: 'An unexpected error occured.' },
};

export async function startFakeTelnyx(): Promise<FakeTelnyx> {
  const apiKey = `KEY${randomUUID().replace(/-/g, '').toUpperCase()}_${randomUUID().slice(0, 8)}`;
  const { publicKey: pub, privateKey } = generateKeyPairSync('ed25519');
  const publicKey = Buffer.from(pub.export({ format: 'jwk' }).x!, 'base64url').toString('base64');
  const received: FakeTelnyx['received'] = [];
  const requests: FakeTelnyx['requests'] = [];
  const failures = new Map<string, number>();

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => {
        requests.push({ method: req.method ?? '', path: req.url ?? '', status, headers: { ...req.headers } });
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      const error = (status: number, detail?: string, pointer?: string) => {
        const known = telnyxErrors[status] ?? telnyxErrors[500]!;
        answer(status, {
          errors: [
            {
              code: known.code,
              title: known.title,
              detail: detail ?? known.detail,
              ...(pointer ? { source: { pointer } } : {}),
              meta: { url: `https://developers.telnyx.com/docs/overview/errors/${known.code}` },
            },
          ],
        });
      };

      if (req.method !== 'POST' || req.url !== '/v2/messages') return error(404);
      if (req.headers.authorization !== `Bearer ${apiKey}`) return error(401);
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return error(400, 'Unsupported content type');
      let body: TelnyxRequestBody;
      try {
        body = JSON.parse(raw) as TelnyxRequestBody;
      } catch {
        return error(400, 'The request failed because it was not well-formed.');
      }
      const { to, from, text, messaging_profile_id: profile } = body;
      if (!to) return error(422, "The 'to' parameter is required.", '/to');
      if (!text) return error(422, "The 'text' parameter is required for SMS.", '/text');
      if (!from && !profile) return error(422, "A 'from' number or a 'messaging_profile_id' is required.", '/from');
      // Telnyx's detail can name the number: whoever logs it verbatim leaks it.
      if (!/^\+[1-9]\d{7,14}$/.test(to)) return error(422, `The 'to' address ${to} should be a single valid number.`, '/to');
      const scripted = failures.get(to);
      if (scripted) return error(scripted, scripted === 422 || scripted === 400 ? `The 'to' address ${to} should be a single valid number.` : undefined);

      const id = randomUUID();
      received.push({ ...body, id });
      answer(200, {
        data: {
          record_type: 'message',
          direction: 'outbound',
          id,
          type: 'SMS',
          messaging_profile_id: profile ?? null,
          from: { phone_number: from ?? '+15145550199', carrier: 'TELNYX LLC', line_type: 'VoIP' },
          to: [{ phone_number: to, status: 'queued', carrier: 'VIDEOTRON', line_type: 'Wireless' }],
          text,
          encoding: 'GSM-7',
          parts: 1,
          webhook_url: body.webhook_url ?? null,
          received_at: new Date().toISOString(),
          sent_at: null,
          completed_at: null,
          errors: [],
        },
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    publicKey,
    received,
    requests,
    failures,
    signWebhook(body, timestampSeconds = Math.floor(Date.now() / 1000)) {
      const timestamp = String(timestampSeconds);
      const signature = sign(null, Buffer.from(`${timestamp}|${body}`, 'utf8'), privateKey).toString('base64');
      return { 'telnyx-signature-ed25519': signature, 'telnyx-timestamp': timestamp };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A delivery-report webhook as Telnyx sends it (`message.sent` or `message.finalized`). */
export function telnyxDeliveryEvent(
  messageId: string,
  eventType: 'message.sent' | 'message.finalized',
  status: string,
  errors: Array<{ code: string; title: string }> = [],
): string {
  return JSON.stringify({
    data: {
      event_type: eventType,
      id: randomUUID(),
      occurred_at: new Date().toISOString(),
      payload: {
        completed_at: eventType === 'message.finalized' ? new Date().toISOString() : null,
        direction: 'outbound',
        errors,
        from: { carrier: 'TELNYX LLC', line_type: 'VoIP', phone_number: '+15145550100' },
        id: messageId,
        parts: 1,
        record_type: 'message',
        text: 'Passerelle : votre code est 123456.',
        to: [{ carrier: 'VIDEOTRON', line_type: 'Wireless', phone_number: '+15145550123', status }],
        type: 'SMS',
      },
      record_type: 'event',
    },
    meta: { attempt: 1, delivered_to: 'https://www.exemple.ca/participer/webhooks/sms/telnyx' },
  });
}
