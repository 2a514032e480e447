/**
 * Kysely's SqliteDialect expects a better-sqlite3-like database; this adapts Node's built-in
 * `node:sqlite` (DatabaseSync) to it, so SQLite needs no native addon. A statement is a
 * "reader" when it returns columns (SELECT, or INSERT/UPDATE ... RETURNING). Prepared
 * statements are kept by their SQL (Kysely's SQL for one query shape is always the same
 * text), so a query is compiled by SQLite once, not on every call.
 */
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

export function openSqlite(path: string): { database: SqliteDatabase; raw: DatabaseSync } {
  const raw = new DatabaseSync(path);
  // WAL lets the CLI write while a server reads; busy_timeout makes a writer wait for the other instead of failing.
  raw.exec('PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;');
  const statements = new Map<string, SqliteStatement>();
  const args = (parameters: ReadonlyArray<unknown>) => parameters as SQLInputValue[];
  const database: SqliteDatabase = {
    close: () => raw.close(),
    prepare(sql: string): SqliteStatement {
      const cached = statements.get(sql);
      if (cached) return cached;
      const statement = raw.prepare(sql);
      const adapted: SqliteStatement = {
        reader: statement.columns().length > 0,
        all: (parameters) => statement.all(...args(parameters)),
        run: (parameters) => statement.run(...args(parameters)),
        iterate: (parameters) => statement.iterate(...args(parameters)),
      };
      // Query shapes are few; a bound keeps a query built from varying lists (IN (...)) from growing it.
      if (statements.size >= 500) statements.delete(statements.keys().next().value!);
      statements.set(sql, adapted);
      return adapted;
    },
  };
  return { database, raw };
}
