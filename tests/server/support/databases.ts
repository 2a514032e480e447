/**
 * The databases the server tests run against: SQLite always, PostgreSQL when DATABASE_URL
 * names a cluster (.ci/run starts one with scripts/postgres-test-cluster.sh). Each test file
 * gets a fresh database: a temp folder for SQLite, a new database on the cluster for PostgreSQL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { StorageOptions } from '../../../src/server/storage/database.ts';

export type Kind = 'sqlite' | 'postgres';

export const kinds: Kind[] = process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface FreshDatabase {
  options: StorageOptions;
  drop(): Promise<void>;
}

export async function freshDatabase(kind: Kind): Promise<FreshDatabase> {
  if (kind === 'sqlite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'stacklab-server-'));
    return { options: { dataDir }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const base = process.env.DATABASE_URL!;
  const name = `stacklab_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    options: { databaseUrl: url.toString() },
    drop: async () => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
