/**
 * Builds the site (unless STACKLAB_E2E_SKIP_BUILD=1) and serves dist/ for the e2e tests.
 * The tests read the server's URL with inject('siteUrl').
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startStaticServer } from '../../../scripts/static-server.ts';

const repoRoot = join(import.meta.dirname, '../../..');

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string;
    /** Whether the build copied a VM image (public/vm from npm run build:image) into dist/vm. */
    vmImageBuilt: boolean;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.STACKLAB_E2E_SKIP_BUILD !== '1') {
    const astro = join(repoRoot, 'node_modules/astro/bin/astro.mjs');
    // Vitest sets NODE_ENV=test, which would make this a development-mode build (no service worker).
    const env = { ...process.env, NODE_ENV: 'production' };
    const build = spawnSync(process.execPath, [astro, 'build', '--silent'], { cwd: repoRoot, stdio: 'inherit', env });
    if (build.status !== 0) throw new Error(`astro build failed (exit ${build.status}); the e2e tests need a built site.`);
  }
  const dist = join(repoRoot, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error('dist/index.html is missing; run npm run build first.');
  const server = await startStaticServer(dist);
  project.provide('siteUrl', server.url);
  project.provide('vmImageBuilt', existsSync(join(dist, 'vm/state.json')));
  return () => server.close();
}
