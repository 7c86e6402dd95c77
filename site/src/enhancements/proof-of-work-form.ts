import { altchaChallengeUrl } from '@passerelle/shared/participation/routes';
import type { SolveAnswer, SolveRequest } from './proof-of-work-worker.ts';

/**
 * The proof of work itself, loaded by proof-of-work.ts once the person starts filling the petition
 * form: fetch an ALTCHA challenge, solve it in a Web Worker, put the proof in a hidden `altcha`
 * field. With a valid proof the CMS lets several people sign from one address (a library, a
 * community centre). Never in the way: submitting does not wait for it, and any failure leaves
 * the field empty, which is exactly the no-JavaScript case (per-IP rate limits).
 */
interface Challenge extends SolveRequest {
  algorithm: string;
  signature: string;
}

const giveUpAfterMs = 60_000;
/** Solve again rather than send a proof this close to its expiry. */
const expiryMarginMs = 30_000;

function isChallenge(value: unknown): value is Challenge {
  const c = value as Partial<Challenge> | null;
  return (
    typeof c?.challenge === 'string' &&
    /^[0-9a-f]{64}$/.test(c.challenge) &&
    typeof c.salt === 'string' &&
    typeof c.signature === 'string' &&
    c.algorithm === 'SHA-256' &&
    Number.isSafeInteger(c.maxnumber)
  );
}

function solveInWorker(request: SolveRequest): Promise<SolveAnswer> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./proof-of-work-worker.ts', import.meta.url));
    const done = (answer: SolveAnswer) => {
      window.clearTimeout(timer);
      worker.terminate();
      resolve(answer);
    };
    const timer = window.setTimeout(() => done(null), giveUpAfterMs);
    worker.onmessage = (event: MessageEvent<SolveAnswer>) => done(event.data);
    worker.onerror = () => done(null);
    worker.postMessage(request);
  });
}

/** The proof and the local time until which to trust it (the server's clock may differ from ours). */
async function prove(): Promise<{ payload: string; usableUntil: number } | null> {
  const response = await fetch(altchaChallengeUrl, { cache: 'no-store', headers: { accept: 'application/json' } });
  if (!response.ok) return null;
  const challenge: unknown = await response.json();
  if (!isChallenge(challenge)) return null;
  const expires = Number(/[?&]expires=(\d+)/.exec(challenge.salt)?.[1]) * 1000;
  const serverNow = Date.parse(response.headers.get('date') ?? '') || Date.now();
  const lifetime = expires - serverNow;
  const fetchedAt = Date.now();
  const answer = await solveInWorker(challenge);
  if (!answer || !(lifetime > expiryMarginMs)) return null;
  const { algorithm, salt, signature } = challenge;
  const payload = btoa(JSON.stringify({ algorithm, challenge: challenge.challenge, number: answer.number, salt, signature, took: answer.took }));
  return { payload, usableUntil: fetchedAt + lifetime - expiryMarginMs };
}

/** Starts at once (the person is typing), and again on later typing once the proof nears expiry. */
export function protectForm(form: HTMLFormElement): void {
  const field = Object.assign(document.createElement('input'), { type: 'hidden', name: 'altcha' });
  form.append(field);
  let solving = false;
  let usableUntil = 0;
  const start = () => {
    if (solving || Date.now() < usableUntil) return;
    solving = true;
    prove()
      .then((proof) => {
        if (!proof) return;
        field.value = proof.payload;
        usableUntil = proof.usableUntil;
      })
      .catch(() => undefined)
      .finally(() => {
        solving = false;
      });
  };
  form.addEventListener('focusin', start);
  form.addEventListener('input', start);
  start();
}
