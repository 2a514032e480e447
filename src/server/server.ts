/**
 * Starts the classroom server: opens the database (migrating it), the live-update bus, and
 * listens. Used by main.ts, the tests (on an ephemeral port) and the bench.
 *
 * @example
 * const server = await startServer({ ...configFromEnv(), port: 0 }, { siteRoot: 'dist' });
 * console.log(server.url); // http://127.0.0.1:41234
 * await server.close();
 */
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { ServerConfig } from './config.ts';
import { startExamJobs } from './jobs/exam-worker.ts';
import { createApp } from './routes/app.ts';
import type { Limits } from './routes/env.ts';
import { courseCatalog } from './services/catalog.ts';
import type { ServiceContext } from './services/context.ts';
import { eventBusFor, openStorage } from './storage/database.ts';

export interface RunningServer {
  url: string;
  ctx: ServiceContext;
  close(): Promise<void>;
}

export interface StartOptions {
  siteRoot?: string;
  limits?: Partial<Limits>;
  /** Exam re-grades: in this process on SQLite unless 'queue-only' (then `npx stacklab worker` grades); always by workers on PostgreSQL. */
  examGrading?: 'default' | 'queue-only';
}

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const storage = await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const bus = await eventBusFor(storage);
  const ctx: ServiceContext = { storage, bus, now: Date.now, catalog: courseCatalog() };
  const examJobs = await startExamJobs(ctx, { work: storage.kind === 'sqlite' && options.examGrading !== 'queue-only', worker: `server:${process.pid}` });
  const app = createApp({ ctx, publicUrl: config.publicUrl, trustProxy: config.trustProxy, siteRoot: options.siteRoot, limits: options.limits });
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return {
    url: `http://${host}:${port}`,
    ctx,
    close: async () => {
      (server as Server).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await examJobs.stop();
      await bus.close();
      await storage.close();
    },
  };
}
