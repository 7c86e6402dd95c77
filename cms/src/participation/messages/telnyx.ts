import { z } from 'zod';
import { E164, type TelnyxSettings } from './settings';
import { SmsSendError, type SmsProvider } from './sms-provider';

/**
 * Telnyx's Messaging API v2, called with `fetch`: `POST {apiUrl}/v2/messages`, a JSON body with
 * `to`, `text` and `from` and/or `messaging_profile_id` (and `webhook_url` for delivery reports),
 * `Authorization: Bearer <API key>`. Telnyx answers 200 with `{ data: { id, to: [{ status }] … } }`,
 * or an error `{ errors: [{ code, title, detail, source, meta }] }` — `code` a string ("10009"
 * authentication failed, "40310" invalid 'to' address, "10011" too many requests…).
 *
 * Errors keep the HTTP status and Telnyx's numeric code only: `detail` and `source` may quote the
 * number back, and errors end up in logs.
 */
const TIMEOUT_MS = 10_000; // a resident is waiting for the page: give up rather than hang

const accepted = z.object({ data: z.object({ id: z.string().min(1) }) });
const refused = z.object({ errors: z.array(z.object({ code: z.union([z.string(), z.number()]).optional() })).min(1) });

export function telnyxSmsProvider(settings: TelnyxSettings): SmsProvider {
  const url = `${settings.apiUrl}/v2/messages`;
  const authorization = `Bearer ${settings.apiKey}`;

  return {
    name: 'telnyx',
    async send({ to, body }) {
      if (!E164.test(to)) throw new SmsSendError('telnyx', null, null, false, 'the number is not in E.164 form');
      const request = {
        to,
        text: body,
        ...(settings.sender.from ? { from: settings.sender.from } : {}),
        ...(settings.sender.messagingProfileId ? { messaging_profile_id: settings.sender.messagingProfileId } : {}),
        ...(settings.statusCallbackUrl ? { webhook_url: settings.statusCallbackUrl } : {}),
      };
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(request),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        const reason = (error as Error)?.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS} ms` : networkCode(error);
        throw new SmsSendError('telnyx', null, null, true, `API unreachable (${reason})`);
      }
      const payload: unknown = await response.json().catch(() => null);
      if (response.ok) {
        const answer = accepted.safeParse(payload);
        // Telnyx may have taken the message: sending it again could deliver it twice.
        if (!answer.success) throw new SmsSendError('telnyx', response.status, null, false, `HTTP ${response.status} without a message id`);
        return { id: answer.data.data.id };
      }
      const parsed = refused.safeParse(payload);
      const raw = parsed.success ? parsed.data.errors[0]!.code : undefined;
      const code = raw !== undefined && /^\d{1,9}$/.test(String(raw)) ? Number(raw) : null;
      const retryable = response.status === 429 || response.status >= 500;
      throw new SmsSendError('telnyx', response.status, code, retryable, `HTTP ${response.status}${code === null ? '' : `, code ${code}`}`);
    },
  };
}

/** `ECONNREFUSED`, `ENOTFOUND`…: what failed, without the URL. */
function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  return typeof cause?.code === 'string' ? cause.code : 'network error';
}
