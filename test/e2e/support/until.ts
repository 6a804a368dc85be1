// Waiting assertions: retry until the screen shows what is expected, else fail with what it showed.
import type { Locator } from 'playwright-core';

/** Retries `check` until it returns a value other than undefined/false; throws `why()` on timeout. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  why: () => string | Promise<string>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(await why());
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Waits until the element's visible text matches `pattern`; returns that text. */
export async function showsText(locator: Locator, pattern: RegExp | string, timeoutMs = 30_000): Promise<string> {
  let last = '';
  const matches = (text: string) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));
  return eventually(
    async () => {
      last = (await locator.first().innerText({ timeout: 1000 })).replace(/\u00a0/g, ' ');
      return matches(last) && last;
    },
    () => `expected ${pattern} on screen, saw: ${JSON.stringify(last.slice(0, 2000))}`,
    timeoutMs,
  );
}
