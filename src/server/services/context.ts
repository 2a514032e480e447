/** What every service needs: the database, the live-update channel, a clock and the course catalog. */
import type { Storage } from '../storage/database.ts';
import type { EventBus } from '../storage/event-bus.ts';

export interface Catalog {
  exercises: readonly string[];
  lessons: readonly string[];
}

export interface ServiceContext {
  storage: Storage;
  bus: EventBus;
  now: () => number;
  catalog: Catalog;
}
