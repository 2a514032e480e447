/**
 * A Server-Sent Events reader over fetch, for the learner's stream: EventSource cannot send
 * the learner token's Authorization header. It reads `id:` and `data:` lines, and after a lost
 * connection (a server restart, a network change) reconnects with Last-Event-ID after the
 * server's `retry:` delay, so nothing is missed. The headers may be a function, read afresh for
 * each connection: a reconnect then sends the credentials the page holds by then (a learner's
 * newer token). A 401 ends it for good.
 *
 * @example
 * const stop = followStream('/api/learner/stream', { authorization }, lastId, { message, ended });
 */
import { localTimes } from '../format-time.ts';

export interface StreamHandlers {
  /** Each event's data and id, in order. */
  message(data: string, id: number): void;
  /** The server refused the credentials (401): the stream is over; `message` is the server's sentence, if it gave one. */
  ended(message?: string): void;
  /** The connection is open (again); for status displays and tests. */
  open?(): void;
}

/** Splits SSE text into complete events; returns the unfinished rest. */
export function parseSse(buffer: string, emit: (event: { id?: string; data: string; retry?: number }) => void): string {
  let end: number;
  while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
    const block = buffer.slice(0, end);
    buffer = buffer.slice(end + (buffer[end] === '\r' ? 4 : 2));
    const data: string[] = [];
    let id: string | undefined;
    let retry: number | undefined;
    for (const line of block.split(/\r?\n/)) {
      const colon = line.indexOf(':');
      if (colon === 0) continue;
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
    }
    if (data.length > 0 || retry !== undefined) emit({ id, data: data.join('\n'), retry });
  }
  return buffer;
}

/** The API error's sentence in a refusal's body, if it has one. */
async function refusalMessage(response: Response): Promise<string | undefined> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' ? localTimes(body.error.message) : undefined;
  } catch {
    return undefined;
  }
}

export function followStream(url: string, headers: Record<string, string> | (() => Record<string, string>), after: number, handlers: StreamHandlers, fetchImpl: typeof fetch = fetch): () => void {
  const abort = new AbortController();
  let last = after;
  let retryMs = 2000;
  const run = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const credentials = typeof headers === 'function' ? headers() : headers;
        const response = await fetchImpl(url, { headers: { accept: 'text/event-stream', ...credentials, ...(last > 0 ? { 'last-event-id': String(last) } : {}) }, signal: abort.signal });
        if (response.status === 401) return handlers.ended(await refusalMessage(response));
        if (response.ok && response.body) {
          handlers.open?.();
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer = parseSse(buffer + value, (event) => {
              if (event.retry !== undefined) retryMs = event.retry;
              if (event.data === '') return;
              const id = Number(event.id);
              if (Number.isInteger(id) && id > 0) last = id;
              handlers.message(event.data, last);
            });
          }
        }
      } catch {
        // offline, refused or cut: try again after the delay
      }
      if (abort.signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void run();
  return () => abort.abort();
}
