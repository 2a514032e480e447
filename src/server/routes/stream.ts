/**
 * A live stream of a workshop's events as Server-Sent Events. It sends the rows after the id
 * the client has (Last-Event-ID on a reconnect, or ?after=), then each new row as the bus
 * wakes it: the bus says only that something happened; the rows come from the table, so
 * nothing is lost across a restart or between instances. One query runs at a time per stream;
 * wake-ups during it are folded into one more. Streams at the same place (the dashboards of a
 * workshop, woken by the same event) share one query and one serialisation of each event.
 */
import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { ServiceContext } from '../services/context.ts';
import type { StreamEvent } from '../schemas.ts';
import { eventsAfter, visibleTo, type EventFilter } from '../services/events.ts';

const PAGE = 500;

const inFlight = new WeakMap<ServiceContext, Map<string, Promise<StreamEvent[]>>>();
const frames = new WeakMap<StreamEvent, string>();

/**
 * The rows after `after`, shared by the streams that ask at the same time from the same place.
 * A learner's stream reads what any learner may read (one query for the whole room after a
 * broadcast) and keeps its own share of it.
 */
function sharedEventsAfter(ctx: ServiceContext, workshopId: number, after: number, filter: EventFilter): Promise<StreamEvent[]> {
  const queries = inFlight.get(ctx) ?? new Map<string, Promise<StreamEvent[]>>();
  inFlight.set(ctx, queries);
  const shared: EventFilter = filter.forLearner === undefined ? {} : { anyLearner: true };
  const key = `${workshopId}:${after}:${shared.anyLearner ? 'learners' : 'all'}`;
  let query = queries.get(key);
  if (!query) {
    query = eventsAfter(ctx, workshopId, after, PAGE, shared).finally(() => queries.delete(key));
    queries.set(key, query);
  }
  return query;
}

function frame(event: StreamEvent): string {
  let data = frames.get(event);
  if (data === undefined) {
    data = JSON.stringify(event);
    frames.set(event, data);
  }
  return data;
}
const KEEP_ALIVE_MS = 15_000;

/** Where a stream starts: the Last-Event-ID a reconnecting EventSource sends, else ?after=, else the beginning. */
export function streamStart(c: Context, after: number | undefined): number {
  const header = Number(c.req.header('last-event-id'));
  return Number.isInteger(header) && header >= 0 && c.req.header('last-event-id') !== undefined ? header : (after ?? 0);
}

/** What a stream does beside sending rows: `beat` runs when it opens and at each keep-alive, while the client is connected (a learner's presence). */
export interface StreamOptions {
  beat?: () => Promise<void>;
}

export function eventStream(c: Context, ctx: ServiceContext, topic: string | string[], workshopId: number, after: number, filter: EventFilter = {}, options: StreamOptions = {}): Response {
  return rowStream(
    c,
    ctx,
    topic,
    after,
    async (from) => {
      const events = await sharedEventsAfter(ctx, workshopId, from, filter);
      const mine = filter.forLearner === undefined ? events : events.filter((event) => visibleTo(event, filter.forLearner!));
      return { rows: mine.map((event) => ({ id: event.id, data: frame(event) })), scanned: events.at(-1)?.id ?? from, more: events.length === PAGE };
    },
    options,
  );
}

/** A page of rows for a stream: those to send, the last id read (sent or not), and whether more may follow. */
export interface RowPage {
  rows: Array<{ id: number; data: string }>;
  scanned: number;
  more: boolean;
}

/**
 * An SSE stream woken by bus topics: `send(stream)` runs once at the start and again after
 * each wake-up that `wakes(id)` accepts, never two at once (wake-ups during a run fold into
 * one more); a keep-alive comment every 15 s, with `options.beat` (whose failure is logged and
 * does not end the stream); a failure is logged under `label` and ends the stream (the client
 * reconnects).
 */
export function wakeableStream(
  c: Context,
  ctx: ServiceContext,
  topic: string | string[],
  label: string,
  send: (stream: SSEStreamingApi) => Promise<void>,
  wakes: (id: number) => boolean = () => true,
  options: StreamOptions = {},
): Response {
  return streamSSE(c, async (stream) => {
    let running = false;
    let again = false;
    const flush = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          await send(stream);
        } while (again && !stream.aborted);
      } finally {
        running = false;
      }
    };
    const fail = (error: unknown) => {
      console.error(`${label} stopped: ${error instanceof Error ? error.message : String(error)}`);
      stream.abort();
    };
    const unsubscribes = [topic].flat().map((one) =>
      ctx.bus.subscribe(one, (id) => {
        if (wakes(id)) flush().catch(fail);
      }),
    );
    const beat = () => options.beat?.().catch((error: unknown) => console.error(`${label}: ${error instanceof Error ? error.message : String(error)}`));
    const keepAlive = setInterval(() => {
      stream.write(': keep-alive\n\n').then(beat, () => stream.abort());
    }, KEEP_ALIVE_MS);
    const closed = new Promise<void>((resolve) => stream.onAbort(resolve));
    try {
      await stream.write('retry: 2000\n\n');
      void beat();
      await flush();
      await closed;
    } catch (error) {
      fail(error);
    } finally {
      clearInterval(keepAlive);
      for (const unsubscribe of unsubscribes) unsubscribe();
    }
  });
}

/**
 * The same for any rows with ids: `read(after)` returns a page of the rows after an id, each
 * with its SSE data; any of the bus topics wakes the stream.
 */
export function rowStream(c: Context, ctx: ServiceContext, topic: string | string[], after: number, read: (after: number) => Promise<RowPage>, options: StreamOptions = {}): Response {
  let last = after;
  const sendRows = async (stream: SSEStreamingApi) => {
    for (;;) {
      const page = await read(last);
      for (const row of page.rows) {
        await stream.writeSSE({ id: String(row.id), data: row.data });
        last = row.id;
      }
      last = Math.max(last, page.scanned);
      if (!page.more || stream.aborted) break;
    }
  };
  return wakeableStream(c, ctx, topic, `[classroom] stream of ${topic}`, sendRows, (id) => id === 0 || id > last, options);
}
