/**
 * The classroom server: the built site and the API on one port.
 *   npx tsx src/server/main.ts        (npm start runs it after building the site)
 * Settings come from the environment (see config.ts): PORT, HOST, DATABASE_URL, STACKLAB_DATA,
 * STACKLAB_PUBLIC_URL, STACKLAB_TRUST_PROXY. SIGINT/SIGTERM close it cleanly.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { configFromEnv } from './config.ts';
import { startServer } from './server.ts';

const siteRoot = process.env.STACKLAB_SITE ?? join(import.meta.dirname, '../../dist');
if (!existsSync(join(siteRoot, 'index.html'))) {
  console.error(`stacklab: no built site in ${siteRoot}; run \`npx astro build\` first (npm start does).`);
  process.exit(1);
}
const config = configFromEnv();
const server = await startServer(config, { siteRoot });
console.log(`Stacklab is at ${config.publicUrl ?? server.url}/ (data: ${server.ctx.storage.location})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
