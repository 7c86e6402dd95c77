import { randomBytes, randomUUID } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { participationPaths } from '@passerelle/shared/participation';
import type { FakeTelnyx } from './fake-telnyx.ts';
import type { FakeTwilio } from './fake-twilio.ts';
import { freshIp, outboxSettled } from './participation.ts';
import { newTestNumber } from './sms-simulator.ts';

/**
 * A resident's phone calling the line, for tests: plays the provider's part. It posts the call's
 * first request to the webhook as Twilio (form fields, `X-Twilio-Signature` over the full URL) or
 * Telnyx TeXML (form fields, Ed25519 over `timestamp|body`) would, parses the XML answered with a
 * real XML parser, and walks it verb by verb as the provider does: `Say` is heard, `Gather` takes
 * keys (one when `numDigits="1"`, up to `finishOnKey` otherwise) and posts them to its action,
 * silence moves on to the next verb, `Redirect` is followed, `Hangup` ends the call.
 */
export type VoiceProviderFake = { kind: 'twilio'; twilio: FakeTwilio; publicBase: string } | { kind: 'telnyx'; telnyx: FakeTelnyx; publicBase: string };

export type VoiceVerb =
  | { verb: 'Say'; text: string; language: string; voice: string }
  | { verb: 'Gather'; action: string; numDigits: number | null; finishOnKey: string; input: string; says: Array<{ text: string; language: string; voice: string }> }
  | { verb: 'Play'; url: string }
  | { verb: 'Redirect'; url: string }
  | { verb: 'Hangup' };

export interface Posted {
  status: number;
  body: string;
}

export interface SimulatedCall {
  readonly number: string;
  readonly callId: string;
  /** Every text heard since the call began, in order (a file played is heard as `[Play <url>]`). */
  readonly heard: string[];
  /** The URLs of every file played since the call began. */
  readonly played: string[];
  /** The last XML answered, parsed. */
  verbs: VoiceVerb[];
  /** True once a `<Hangup/>` was reached (or the caller hung up). */
  ended: boolean;
  /** The last answer's raw XML. */
  xml: string;
  /** Texts heard in the answers to the last action (what the caller just heard). */
  lastHeard(): string;
  /** Keys pressed at whatever is listening now. */
  press(keys: string): Promise<void>;
  /**
   * The one request carrying `keys` delivered `copies` times at once, as a provider retrying a slow
   * answer does: every answer is returned, and the call goes on with the first.
   */
  pressDeliveredAtOnce(keys: string, copies: number): Promise<Posted[]>;
  /** The caller says nothing: the listening `Gather` times out. */
  silence(): Promise<void>;
  /** The caller hangs up: nothing more is posted, except what a test asks for with `afterHangUp`. */
  hangUp(): void;
  /** A key that reaches the webhook after the caller hung up (CallStatus=completed). */
  afterHangUp(keys: string): Promise<Posted>;
}

export interface VoiceSimulator {
  /** Dials the line from `number` (a fresh one by default). */
  call(number?: string): Promise<SimulatedCall>;
  /** A raw request to the webhook URL (path and query), for forged ones. */
  postRaw(pathAndQuery: string, body: string, headers: Record<string, string>): Promise<Posted>;
  /** The form fields and headers the provider would send to this public URL. */
  signed(url: string, fields: Record<string, string>): { body: string; headers: Record<string, string> };
  path: string;
  url: string;
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', preserveOrder: true, trimValues: false, parseTagValue: false });

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

function textOf(children: unknown): string {
  return (Array.isArray(children) ? children : [])
    .map((child: Node) => (typeof child['#text'] === 'string' ? child['#text'] : ''))
    .join('');
}

/** The verbs of a `<Response>`, in order; throws on anything that is not well-formed TwiML. */
export function parseVoiceXml(xml: string): VoiceVerb[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid)}\n${xml}`);
  const root = (parser.parse(xml) as Node[]).find((node) => 'Response' in node);
  if (!root) throw new Error(`no <Response>: ${xml}`);
  const say = (node: Node) => ({ text: textOf(node.Say), language: node[':@']?.language ?? '', voice: node[':@']?.voice ?? '' });
  return (root.Response as Node[]).map((node): VoiceVerb => {
    if ('Say' in node) return { verb: 'Say', ...say(node) };
    if ('Gather' in node) {
      const a = node[':@'] ?? {};
      return {
        verb: 'Gather',
        action: a.action ?? '',
        numDigits: a.numDigits ? Number(a.numDigits) : null,
        finishOnKey: a.finishOnKey ?? '#',
        input: a.input ?? '',
        says: (node.Gather as Node[]).filter((n) => 'Say' in n).map(say),
      };
    }
    if ('Redirect' in node) return { verb: 'Redirect', url: textOf(node.Redirect) };
    if ('Play' in node) return { verb: 'Play', url: textOf(node.Play) };
    if ('Hangup' in node) return { verb: 'Hangup' };
    throw new Error(`unexpected verb in ${xml}`);
  });
}

export function voiceSimulator(baseUrl: string, fake: VoiceProviderFake): VoiceSimulator {
  const path = fake.kind === 'twilio' ? participationPaths.twilioVoice : participationPaths.telnyxVoice;
  const url = `${fake.publicBase}${path}`;
  const accountSid = fake.kind === 'twilio' ? fake.twilio.accountSid : randomUUID();

  function signed(target: string, fields: Record<string, string>): { body: string; headers: Record<string, string> } {
    const body = new URLSearchParams(fields).toString();
    if (fake.kind === 'twilio') {
      return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': fake.twilio.signCallback(target, fields) } };
    }
    return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...fake.telnyx.signWebhook(body) } };
  }

  async function postRaw(pathAndQuery: string, body: string, headers: Record<string, string>): Promise<Posted> {
    const response = await fetch(baseUrl + pathAndQuery, { method: 'POST', headers: { 'x-forwarded-for': freshIp(), ...headers }, body });
    return { status: response.status, body: await response.text() };
  }

  /** Posts to a public URL the XML named, as the provider: to our server, signed for that URL. */
  async function post(target: string, fields: Record<string, string>): Promise<Posted> {
    if (!target.startsWith(fake.publicBase)) throw new Error(`the line sent the provider to a URL outside the public base: ${target}`);
    const request = signed(target, fields);
    return postRaw(target.slice(fake.publicBase.length), request.body, request.headers);
  }

  return {
    path,
    url,
    postRaw,
    signed,
    async call(number = newTestNumber()): Promise<SimulatedCall> {
      const callId = fake.kind === 'twilio' ? `CA${randomBytes(16).toString('hex')}` : `v3:${randomBytes(24).toString('base64url')}`;
      const baseFields = (status = 'in-progress'): Record<string, string> => ({
        CallSid: callId,
        AccountSid: accountSid,
        From: number,
        To: '+15145550100',
        CallStatus: status,
        Direction: 'inbound',
        ...(fake.kind === 'twilio' ? { ApiVersion: '2010-04-01', CallerCountry: 'CA' } : { ConnectionId: '1234567890' }),
      });
      let cursor = 0;
      let heardFrom = 0;
      const call: SimulatedCall = {
        number,
        callId,
        heard: [],
        played: [],
        verbs: [],
        ended: false,
        xml: '',
        lastHeard: () => call.heard.slice(heardFrom).join(' '),
        async press(keys) {
          heardFrom = call.heard.length;
          await walk(keys, false);
        },
        async pressDeliveredAtOnce(keys, copies) {
          if (call.ended) throw new Error('the call is over');
          const verb = call.verbs[cursor];
          if (!verb || verb.verb !== 'Gather') throw new Error('nothing is listening');
          heardFrom = call.heard.length;
          const fields = { ...baseFields(), Digits: keys };
          const answers = await Promise.all(Array.from({ length: copies }, () => post(verb.action, fields)));
          await answer(answers[0]!);
          return answers;
        },
        async silence() {
          heardFrom = call.heard.length;
          await walk('', true);
        },
        hangUp() {
          call.ended = true;
        },
        async afterHangUp(keys) {
          const gather = call.verbs.find((v): v is Extract<VoiceVerb, { verb: 'Gather' }> => v.verb === 'Gather');
          if (!gather) throw new Error('nothing was listening');
          return post(gather.action, { ...baseFields('completed'), Digits: keys });
        },
      };

      async function answer(posted: Posted): Promise<void> {
        if (posted.status !== 200) throw new Error(`the webhook answered ${posted.status}: ${posted.body}`);
        call.xml = posted.body;
        call.verbs = parseVoiceXml(posted.body);
        cursor = 0;
        // Says before the first Gather are heard at once; a Gather's own Says are heard when it runs.
        await runUntilListening();
        await outboxSettled();
      }

      /** Plays verbs until a Gather listens, a Redirect is followed, or the call ends. */
      async function runUntilListening(): Promise<void> {
        while (cursor < call.verbs.length) {
          const verb = call.verbs[cursor]!;
          if (verb.verb === 'Say') {
            call.heard.push(verb.text);
            cursor++;
          } else if (verb.verb === 'Play') {
            call.heard.push(`[Play ${verb.url}]`);
            call.played.push(verb.url);
            cursor++;
          } else if (verb.verb === 'Gather') {
            call.heard.push(...verb.says.map((s) => s.text));
            return;
          } else if (verb.verb === 'Redirect') {
            return answer(await post(verb.url, baseFields()));
          } else {
            call.ended = true;
            return;
          }
        }
        // Past the last verb the provider hangs up.
        call.ended = true;
      }

      async function walk(keys: string, silent: boolean): Promise<void> {
        if (call.ended) throw new Error('the call is over');
        let rest = keys;
        for (;;) {
          const verb = call.verbs[cursor];
          if (!verb || verb.verb !== 'Gather') throw new Error('nothing is listening');
          if (silent || rest === '') {
            // Timed out without a key: the provider moves on to the next verb.
            cursor++;
            await runUntilListening();
            return;
          }
          let taken: string;
          if (verb.numDigits === 1) {
            taken = rest.slice(0, 1);
            rest = rest.slice(1);
          } else {
            const end = verb.finishOnKey ? rest.indexOf(verb.finishOnKey) : -1;
            taken = end >= 0 ? rest.slice(0, end) : rest;
            rest = end >= 0 ? rest.slice(end + 1) : '';
          }
          await answer(await post(verb.action, { ...baseFields(), Digits: taken }));
          if (rest === '' || call.ended) return;
          const listening = call.verbs[cursor];
          if (!listening || listening.verb !== 'Gather') return;
        }
      }

      await answer(await post(url, baseFields()));
      return call;
    },
  };
}
