import { z } from 'zod';
import { E164, type TwilioSettings } from './settings';
import { SmsSendError, type SmsProvider } from './sms-provider';

/**
 * Twilio's Programmable Messaging REST API, called with `fetch`:
 * `POST {apiUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded `To`, `From` (or
 * `MessagingServiceSid`), `Body` and, when delivery reports are on, `StatusCallback`, HTTP Basic auth with the account SID and auth token. Twilio
 * answers 201 with the message's `sid` and `status`, or an error `{ code, message, status }`.
 *
 * Errors keep Twilio's status and numeric code only: its `message` may quote the number back
 * ("The 'To' number +1514… is not a valid phone number"), and errors end up in logs.
 */
const TIMEOUT_MS = 10_000; // a resident is waiting for the page: give up rather than hang

const accepted = z.object({ sid: z.string().min(1), status: z.string() });
const refused = z.object({ code: z.number().int().optional() });

export function twilioSmsProvider(settings: TwilioSettings): SmsProvider {
  const url = `${settings.apiUrl}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`;
  const sender: [string, string] = 'from' in settings.sender ? ['From', settings.sender.from] : ['MessagingServiceSid', settings.sender.messagingServiceSid];
  // Delivery reports come back signed to this URL (messages/delivery-callbacks.ts).
  const statusCallback: Array<[string, string]> = settings.statusCallbackUrl ? [['StatusCallback', settings.statusCallbackUrl]] : [];

  return {
    name: 'twilio',
    async send({ to, body }) {
      if (!E164.test(to)) throw new SmsSendError('twilio', null, null, false, 'the number is not in E.164 form');
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams([['To', to], sender, ['Body', body], ...statusCallback]).toString(),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        const reason = (error as Error)?.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : networkCode(error);
        throw new SmsSendError('twilio', null, null, true, `API unreachable (${reason})`);
      }
      const payload: unknown = await response.json().catch(() => null);
      if (response.ok) {
        const answer = accepted.safeParse(payload);
        // Twilio may have taken the message: sending it again could deliver it twice.
        if (!answer.success) throw new SmsSendError('twilio', response.status, null, false, `HTTP ${response.status} without a message sid`);
        return { id: answer.data.sid };
      }
      const parsed = refused.safeParse(payload);
      const code = parsed.success ? (parsed.data.code ?? null) : null;
      const retryable = response.status === 429 || response.status >= 500;
      throw new SmsSendError('twilio', response.status, code, retryable, `HTTP ${response.status}${code === null ? '' : `, code ${code}`}`);
    },
  };
}

/** `ECONNREFUSED`, `ENOTFOUND`…: what failed, without the URL (it names the account). */
function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  return typeof cause?.code === 'string' ? cause.code : 'network error';
}
