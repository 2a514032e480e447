/**
 * Opens the database: PostgreSQL when a URL is given (DATABASE_URL), otherwise SQLite in
 * `<dataDir>/stacklab.sqlite`, and applies the pending migrations.
 *
 * @example
 * const storage = await openStorage({ dataDir: './data' });
 * await storage.db.selectFrom('workshops').selectAll().execute();
 * await storage.close();
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { DatabaseKind } from './kind.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { openSqlite } from './sqlite-adapter.ts';
import { inProcessBus, postgresBus, type EventBus } from './event-bus.ts';

export interface StorageOptions {
  /** A postgres:// URL; when absent, SQLite. */
  databaseUrl?: string;
  /** Where the SQLite file lives (created if missing). */
  dataDir?: string;
}

export interface Storage {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data is, for messages: the SQLite file or the PostgreSQL URL without its password. */
  location: string;
  /** For PostgreSQL, the connection string a LISTEN client needs. */
  databaseUrl?: string;
  close(): Promise<void>;
}

export const SQLITE_FILE = 'stacklab.sqlite';

export async function openStorage(options: StorageOptions): Promise<Storage> {
  const storage = options.databaseUrl ? openPostgres(options.databaseUrl) : openSqliteStorage(options.dataDir ?? 'data');
  try {
    await migrate(storage);
  } catch (error) {
    await storage.close();
    throw error;
  }
  return storage;
}

function openPostgres(databaseUrl: string): Storage {
  // int8 (bigint ids and millisecond times) as numbers: every value fits in 2^53.
  const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? Number : pg.types.getTypeParser(oid, format as 'text')) };
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, types: types as pg.CustomTypesConfig });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const location = databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return { db, kind: 'postgres', location, databaseUrl, close: () => db.destroy() };
}

function openSqliteStorage(dataDir: string): Storage {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SQLITE_FILE);
  const { database } = openSqlite(file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return { db, kind: 'sqlite', location: file, close: () => db.destroy() };
}

async function migrate(storage: Storage): Promise<void> {
  const migrator = new Migrator({ db: storage.db, provider: migrations(storage.kind) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'a migration';
    throw new Error(`Could not migrate the database at ${storage.location} (${failed}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Serialises the writers of one workshop's events inside a transaction, so event ids commit in
 * order and a reader that has seen id N never misses a smaller one committed later. PostgreSQL
 * takes a transaction-scoped advisory lock; SQLite already has one writer at a time.
 */
export async function lockWorkshopEvents(trx: Transaction<Database>, kind: DatabaseKind, workshopId: number): Promise<void> {
  if (kind === 'postgres') await sql`select pg_advisory_xact_lock(${workshopId})`.execute(trx);
}

/** The wake-up channel that fits the database: LISTEN/NOTIFY on PostgreSQL, in process on SQLite. */
export function eventBusFor(storage: Storage): Promise<EventBus> {
  return storage.kind === 'postgres' && storage.databaseUrl ? postgresBus(storage.databaseUrl, storage.db) : Promise.resolve(inProcessBus());
}
