/** Polls `read` until it returns a value, for the exam server tests (grading happens in the background). */
export async function waitFor<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 20_000, everyMs = 250): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
