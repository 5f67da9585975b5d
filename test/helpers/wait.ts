/** Waiting in tests: poll a condition until it holds, failing with what was awaited (never a timing assertion). */
export async function until(what: string, fn: () => Promise<boolean> | boolean, ms = 10_000, every = 25): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}
