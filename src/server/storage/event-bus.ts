/**
 * Wakes the live streams when an event row is committed. The payload is only the row's id and
 * workshop: a stream reads the rows after the last id it sent from the table, so a duplicate or
 * lost wake-up costs nothing but a query. On SQLite (one process) wake-ups stay in process;
 * on PostgreSQL they go through LISTEN/NOTIFY, so every instance on the database hears them.
 */
import { sql, type Kysely } from 'kysely';
import pg from 'pg';

export type Wake = (eventId: number) => void;

export interface EventBus {
  publish(workshopId: number, eventId: number): Promise<void>;
  /** Calls `wake` for each event of the workshop, and with 0 after a lost connection (re-read everything since). */
  subscribe(workshopId: number, wake: Wake): () => void;
  close(): Promise<void>;
}

class Listeners {
  private readonly byWorkshop = new Map<number, Set<Wake>>();
  add(workshopId: number, wake: Wake): () => void {
    const set = this.byWorkshop.get(workshopId) ?? new Set<Wake>();
    this.byWorkshop.set(workshopId, set);
    set.add(wake);
    return () => {
      set.delete(wake);
      if (set.size === 0) this.byWorkshop.delete(workshopId);
    };
  }
  wake(workshopId: number, eventId: number): void {
    for (const wake of this.byWorkshop.get(workshopId) ?? []) wake(eventId);
  }
  wakeAll(): void {
    for (const [workshopId] of this.byWorkshop) this.wake(workshopId, 0);
  }
}

export function inProcessBus(): EventBus {
  const listeners = new Listeners();
  return {
    publish: async (workshopId, eventId) => listeners.wake(workshopId, eventId),
    subscribe: (workshopId, wake) => listeners.add(workshopId, wake),
    close: async () => {},
  };
}

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
      const [workshop, event] = (message.payload ?? '').split(':').map(Number);
      if (Number.isInteger(workshop) && Number.isInteger(event)) listeners.wake(workshop!, event!);
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
    publish: async (workshopId, eventId) => {
      await sql`select pg_notify(${NOTIFY_CHANNEL}, ${`${workshopId}:${eventId}`})`.execute(db);
    },
    subscribe: (workshopId, wake) => listeners.add(workshopId, wake),
    close: async () => {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
