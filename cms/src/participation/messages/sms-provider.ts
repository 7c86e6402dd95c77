/**
 * What every text-message gateway offers the write path (Twilio and Telnyx; others plug in here
 * without touching callers). Kept small on purpose: send one message, get the provider's id back.
 */

/** One text message, `to` in E.164 (`+15145550123`). */
export interface SmsMessage {
  to: string;
  body: string;
}

/** What a provider answers once it accepted a message: its own id, for delivery reports later. */
export interface SmsReceipt {
  id: string;
}

export interface SmsProvider {
  readonly name: string;
  /** Resolves once the provider accepted the message; rejects with an `SmsSendError`. */
  send(message: SmsMessage): Promise<SmsReceipt>;
}

/**
 * A refused or failed send. `retryable`: the same message may succeed later (rate limit, provider
 * or network trouble); otherwise retrying is pointless (bad number, bad credentials).
 * The message names no number and no text, so it can be logged as it is.
 */
export class SmsSendError extends Error {
  override readonly name = 'SmsSendError';
  constructor(
    readonly provider: string,
    readonly status: number | null,
    readonly code: number | null,
    readonly retryable: boolean,
    detail: string,
  ) {
    super(`${provider}: ${detail}`);
  }
}
