import { z } from 'zod';
import { hmac, safeEqualHex } from '../crypto';
import { maxPlacesRead } from './places';

/**
 * Where a call stands, carried by the provider from one answer to the next in the action URL's
 * query — the CMS keeps nothing between two requests, so a caller who hangs up leaves nothing
 * behind. Twilio's signature covers that URL; Telnyx's covers only the body, so the query also
 * carries our own HMAC of the state bound to the call (`sig`): a state is believed only for the
 * call it was written for, whoever relays it.
 */
export const callState = z.object({
  /**
   * `hood`: the neighbourhood number was asked; `item`: an item was read, its menu offered;
   * `welcome`: the English key was offered; `places`: places to get online were offered or read.
   */
  step: z.enum(['welcome', 'hood', 'item', 'places']),
  lang: z.enum(['fr', 'en']),
  /** The neighbourhood's keypad number. */
  hood: z.coerce.number().int().min(1).max(999).optional(),
  /** The item read (its document id) and its place in the list, from 0. */
  doc: z.string().regex(/^[a-z0-9]{1,64}$/).optional(),
  item: z.coerce.number().int().min(0).max(20).optional(),
  /** How many places to get online were read so far (0: offered, not read yet); never more than the line reads (places.ts). */
  seen: z.coerce.number().int().min(0).max(maxPlacesRead).optional(),
  /** Silences and wrong keys in a row at this step. */
  quiet: z.coerce.number().int().min(0).max(9).default(0),
  wrong: z.coerce.number().int().min(0).max(9).default(0),
  /** A digit pressed during the welcome: the neighbourhood number's first one. */
  first: z.string().regex(/^\d$/).optional(),
});

export type CallState = z.infer<typeof callState>;

const order = ['step', 'lang', 'hood', 'doc', 'item', 'seen', 'quiet', 'wrong', 'first'] as const;

function canonical(state: CallState): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of order) {
    const value = state[key];
    if (value !== undefined && !((key === 'quiet' || key === 'wrong') && value === 0)) query.set(key, String(value));
  }
  return query;
}

const stateSignature = (callId: string, query: string) => hmac(`voice-state:${callId}:${query}`).slice(0, 32);

/** The action URL for this state of this call. */
export function stateUrl(webhookUrl: string, callId: string, state: CallState): string {
  const query = canonical(state);
  query.set('sig', stateSignature(callId, query.toString()));
  return `${webhookUrl}?${query.toString()}`;
}

/**
 * The state a request's query carries: null for the call's first request (no query), the state
 * when its signature holds for this call, 'forged' otherwise.
 */
export function readState(query: URLSearchParams, callId: string): CallState | null | 'forged' {
  if ([...query.keys()].length === 0) return null;
  const sig = query.get('sig') ?? '';
  const rest = new URLSearchParams([...query].filter(([name]) => name !== 'sig'));
  const names = [...rest.keys()];
  if (new Set(names).size !== names.length) return 'forged';
  const parsed = callState.safeParse(Object.fromEntries(rest));
  if (!parsed.success) return 'forged';
  const expected = stateSignature(callId, canonical(parsed.data).toString());
  return /^[0-9a-f]{32}$/.test(sig) && safeEqualHex(sig, expected) && canonical(parsed.data).toString() === rest.toString() ? parsed.data : 'forged';
}
