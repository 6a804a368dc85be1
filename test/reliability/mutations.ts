// Seeded mutations of real text for the fuzz tests (garbage in, a clear error or a result out).

/** A small seeded PRNG, so a failure can be replayed. */
export function prng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
}

export const MUTATIONS: ((s: string, r: () => number) => string)[] = [
  (s, r) => s.slice(0, Math.floor(r() * s.length)), // truncated
  (s, r) => s.slice(Math.floor(r() * s.length)), // starts mid-way
  (s, r) => { const i = Math.floor(r() * s.length); return s.slice(0, i) + '\0' + s.slice(i); }, // a NUL byte
  (s, r) => { const b = Buffer.from(s); for (let k = 0; k < 1 + b.length / 50; k++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256); return b.toString('utf8'); }, // random bytes
  (s) => Buffer.from(s, 'utf8').toString('latin1'), // wrong encoding
  (s, r) => { const i = Math.floor(r() * s.length); return s.slice(0, i) + 'x'.repeat(200_000 + Math.floor(r() * 100_000)) + s.slice(i); }, // a very long line
  (s, r) => s.split('\n').sort(() => r() - 0.5).join('\n'), // lines shuffled
  (s, r) => s.split('\n').filter(() => r() > 0.3).join('\n'), // lines dropped
  (s, r) => s.replace(/[{}[\]":,]/g, (c) => (r() < 0.1 ? '' : c)), // broken JSON / quoting
  (s, r) => s.split('\n').map((l) => (r() < 0.2 ? l.split(/\s+/).reverse().join(' ') : l)).join('\n'), // words reordered
  () => '', // empty
  (s, r) => Array.from({ length: Math.min(4096, s.length) }, () => String.fromCharCode(Math.floor(r() * 0x3000))).join(''), // noise
];
