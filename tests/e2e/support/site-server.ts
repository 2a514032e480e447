/**
 * The Stacklab server as the e2e tests run it: SQLite in a data folder of its own, grading in
 * process, serving the built site (dist/, or $STACKLAB_SITE when a build elsewhere is tested).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configFromEnv } from '../../../src/server/config.ts';
import { startServer, type RunningServer } from '../../../src/server/server.ts';

export const SITE_ROOT = process.env.STACKLAB_SITE ?? join(import.meta.dirname, '../../../dist');

/** A new, empty data folder for a test file's server; `name` tells whose it is in the temporary folder. */
export const newDataDir = (name: string): string => mkdtempSync(join(tmpdir(), `stacklab-e2e-${name}-`));

/** The server on `dataDir`, on a free port, or on `port` (to bring one that was closed back where its pages expect it). */
export const startSiteServer = (dataDir: string, port = 0): Promise<RunningServer> => startServer({ ...configFromEnv({}), port, dataDir }, { siteRoot: SITE_ROOT });

/** Closes the server (if it started) and removes its data folder. */
export async function stopSiteServer(server: RunningServer | undefined, dataDir: string | undefined): Promise<void> {
  await server?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
