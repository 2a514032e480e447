/** A service context on a fresh database with a clock the test moves, for the service tests. */
import { courseCatalog } from '../../../src/server/services/catalog.ts';
import type { ServiceContext } from '../../../src/server/services/context.ts';
import { eventBusFor, openStorage } from '../../../src/server/storage/database.ts';
import { freshDatabase, type Kind } from './databases.ts';

export interface TestContext extends ServiceContext {
  /** Moves the clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function testContext(kind: Kind): Promise<TestContext> {
  const fresh = await freshDatabase(kind);
  const storage = await openStorage(fresh.options);
  const bus = await eventBusFor(storage);
  let now = Date.parse('2026-12-01T09:00:00Z');
  return {
    storage,
    bus,
    catalog: courseCatalog(),
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    close: async () => {
      await bus.close();
      await storage.close();
      await fresh.drop();
    },
  };
}
