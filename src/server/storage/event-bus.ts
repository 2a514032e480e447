/**
 * Wakes the live streams when an event row is committed. The payload is only a topic (a
 * workshop's dashboards, or its learners) and the row's id: a stream reads the rows after the
 * last id it sent from the table, so a duplicate or
 * lost wake-up costs nothing but a query. On SQLite (one process) wake-ups stay in process;
 * on PostgreSQL they go through LISTEN/NOTIFY, so every instance on the database hears them.
 */
import { sql, type Kysely } from 'kysely';
import pg from 'pg';

export type Wake = (eventId: number) => void;

export interface EventBus {
  publish(topic: string, eventId: number): Promise<void>;
  /** Calls `wake` for each event on the topic, and with 0 after a lost connection (re-read everything since). */
  subscribe(topic: string, wake: Wake): () => void;
  close(): Promise<void>;
}

class Listeners {
  private readonly byTopic = new Map<string, Set<Wake>>();
  add(topic: string, wake: Wake): () => void {
    const set = this.byTopic.get(topic) ?? new Set<Wake>();
    this.byTopic.set(topic, set);
    set.add(wake);
    return () => {
      set.delete(wake);
      if (set.size === 0) this.byTopic.delete(topic);
    };
  }
  wake(topic: string, eventId: number): void {
    for (const wake of this.byTopic.get(topic) ?? []) wake(eventId);
  }
  wakeAll(): void {
    for (const [topic] of this.byTopic) this.wake(topic, 0);
  }
}

export function inProcessBus(): EventBus {
  const listeners = new Listeners();
  return {
    publish: async (topic, eventId) => listeners.wake(topic, eventId),
    subscribe: (topic, wake) => listeners.add(topic, wake),
    close: async () => {},
  };
}

/** Every event of a workshop, for its dashboards. */
export const workshopTopic = (workshopId: number) => `workshop:${workshopId}`;
/** What every learner of a workshop reads (its broadcasts), for their streams. */
export const learnersTopic = (workshopId: number) => `learners:${workshopId}`;
/** What only one learner reads (answers to their hands, their peeks): it wakes their stream alone. */
export const learnerTopic = (learnerId: number) => `learner:${learnerId}`;

export const NOTIFY_CHANNEL = 'stacklab_events';

/** LISTEN/NOTIFY on one dedicated connection; it reconnects after a loss and then wakes every stream. */
export async function postgresBus(databaseUrl: string, db: Kysely<any>): Promise<EventBus> {
  const listeners = new Listeners();
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on('notification', (message) => {
      const [topic = '', event] = (message.payload ?? '').split('|');
      if (Number.isInteger(Number(event))) listeners.wake(topic, Number(event));
    });
    const lost = () => {
      if (closed || client !== next) return;
      client = undefined;
      retry = setTimeout(() => void connect().catch(() => lost()), 1000);
    };
    next.on('error', lost);
    next.on('end', lost);
    client = next;
    await next.connect();
    await next.query(`LISTEN ${NOTIFY_CHANNEL}`);
    listeners.wakeAll();
  };
  await connect();
  return {
    publish: async (topic, eventId) => {
      await sql`select pg_notify(${NOTIFY_CHANNEL}, ${`${topic}|${eventId}`})`.execute(db);
    },
    subscribe: (topic, wake) => listeners.add(topic, wake),
    close: async () => {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
