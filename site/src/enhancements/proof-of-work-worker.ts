/**
 * Solves an ALTCHA (v1) challenge off the main thread: finds n ≤ maxnumber with
 * SHA-256(salt + n) = challenge. The browser's own SHA-256 (crypto.subtle), so no hashing code
 * ships; one digest at a time, because batching them was not reliably faster
 * (docs/participation.md, abuse protection).
 */
export interface SolveRequest {
  challenge: string;
  salt: string;
  maxnumber: number;
}
export type SolveAnswer = { number: number; took: number } | null;

// Typed by hand: the site compiles against the DOM library, where `self` is a Window.
const scope = self as unknown as { onmessage: ((event: MessageEvent<SolveRequest>) => void) | null; postMessage(answer: SolveAnswer): void };

function bytesOf(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return a.length === b.length;
}

async function solve({ challenge, salt, maxnumber }: SolveRequest): Promise<SolveAnswer> {
  const target = bytesOf(challenge);
  const encoder = new TextEncoder();
  const started = performance.now();
  for (let n = 0; n <= maxnumber; n++) {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(salt + n)));
    if (equal(digest, target)) return { number: n, took: Math.round(performance.now() - started) };
  }
  return null;
}

scope.onmessage = (event) => {
  solve(event.data).then(
    (answer) => scope.postMessage(answer),
    () => scope.postMessage(null),
  );
};
