import { randomBytes, randomUUID } from 'node:crypto';
import { participationPaths } from '@passerelle/shared/participation';
import type { FakeTelnyx } from './fake-telnyx.ts';
import type { FakeTwilio } from './fake-twilio.ts';
import { outboxSettled, freshIp } from './participation.ts';

/**
 * A resident's basic phone, for tests: texts the CMS through the provider's signed webhook (as
 * Twilio or Telnyx would post it) and reads the replies the provider was asked to send (the
 * fake's `received`). `text()` waits for the outbox to settle: once the webhook answered, the
 * reply, if any, was queued with the effect, so after that fence "no new message" means no reply.
 */
export type SmsProviderFake = { kind: 'twilio'; twilio: FakeTwilio; publicBase: string } | { kind: 'telnyx'; telnyx: FakeTelnyx };

export interface Posted {
  status: number;
  body: string;
  messageId: string;
}

export interface SimulatedPhone {
  readonly number: string;
  /** Sends `body` and returns the replies it got (usually one; none when flooded or opted out). */
  text(body: string): Promise<string[]>;
  /** Sends `body` and returns its single reply, failing otherwise. */
  ask(body: string): Promise<string>;
  /** Posts a message with a chosen id (replays) and answers without waiting. */
  send(body: string, messageId?: string): Promise<Posted>;
  /** Every text this number was sent so far, oldest first. */
  inbox(): string[];
}

export interface SmsSimulator {
  phone(number?: string): SimulatedPhone;
  /** The raw webhook, for malformed requests: fields, signed as the provider would unless `sign` is false. */
  postRaw(body: string, headers: Record<string, string>): Promise<{ status: number; body: string }>;
  path: string;
  url: string;
}

let numbers = 0;
/** A North-American number no other test uses (555-01xx is reserved for fiction). */
export const newTestNumber = (): string => `+1438555${String(1000 + ((process.pid * 7 + numbers++) % 9000)).padStart(4, '0')}`;

export function smsSimulator(baseUrl: string, fake: SmsProviderFake): SmsSimulator {
  const path = fake.kind === 'twilio' ? participationPaths.twilioInboundSms : participationPaths.telnyxInboundSms;
  const url = fake.kind === 'twilio' ? `${fake.publicBase}${path}` : path;
  const received = () => (fake.kind === 'twilio' ? fake.twilio.received.map((m) => ({ to: m.to, text: m.body })) : fake.telnyx.received.map((m) => ({ to: String(m.to), text: String(m.text) })));

  async function postRaw(body: string, headers: Record<string, string>) {
    const response = await fetch(baseUrl + path, { method: 'POST', headers: { 'x-forwarded-for': freshIp(), ...headers }, body });
    return { status: response.status, body: await response.text() };
  }

  function signedRequest(from: string, text: string, messageId: string): { body: string; headers: Record<string, string> } {
    if (fake.kind === 'twilio') {
      const params: Record<string, string> = {
        ToCountry: 'CA',
        SmsMessageSid: messageId,
        NumMedia: '0',
        SmsSid: messageId,
        SmsStatus: 'received',
        Body: text,
        To: '+15145550100',
        NumSegments: '1',
        MessageSid: messageId,
        AccountSid: fake.twilio.accountSid,
        From: from,
        ApiVersion: '2010-04-01',
      };
      return {
        body: new URLSearchParams(params).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': fake.twilio.signCallback(url, params) },
      };
    }
    const body = JSON.stringify({
      data: {
        event_type: 'message.received',
        id: randomUUID(),
        occurred_at: new Date().toISOString(),
        record_type: 'event',
        payload: {
          id: messageId,
          direction: 'inbound',
          from: { phone_number: from, carrier: 'Test', line_type: 'Wireless' },
          to: [{ phone_number: '+15145550100', status: 'webhook_delivered' }],
          text,
          type: 'SMS',
          record_type: 'message',
        },
      },
      meta: { attempt: 1, delivered_to: url },
    });
    return { body, headers: { 'content-type': 'application/json', ...fake.telnyx.signWebhook(body) } };
  }

  const newMessageId = () => (fake.kind === 'twilio' ? `SM${randomBytes(16).toString('hex')}` : randomUUID());

  return {
    path,
    url,
    postRaw,
    phone(number = newTestNumber()): SimulatedPhone {
      const inbox = () => received().filter((m) => m.to === number).map((m) => m.text);
      const send = async (body: string, messageId = newMessageId()): Promise<Posted> => {
        const request = signedRequest(number, body, messageId);
        return { ...(await postRaw(request.body, request.headers)), messageId };
      };
      const text = async (body: string): Promise<string[]> => {
        const before = inbox().length;
        const posted = await send(body);
        if (posted.status !== 200) throw new Error(`the webhook answered ${posted.status} to ${JSON.stringify(body)}`);
        await outboxSettled();
        return inbox().slice(before);
      };
      return {
        number,
        send,
        text,
        inbox,
        async ask(body) {
          const replies = await text(body);
          if (replies.length !== 1) throw new Error(`expected one reply to ${JSON.stringify(body)}, got ${replies.length}: ${JSON.stringify(replies)}`);
          return replies[0]!;
        },
      };
    },
  };
}
