/**
 * Astro integration: after the build, writes dist/sw.js from src/service-worker/sw.js
 * with this build's precache manifest and cache version.
 */
import type { AstroIntegration } from 'astro';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageInfoSchema, stateInfoSchema } from '../vm/image-info.ts';
import { cacheVersion, diskPaths, sitePaths, vmPaths, type PrecacheManifest } from './precache-manifest.ts';

const TEMPLATE = new URL('../service-worker/sw.js', import.meta.url);
const PLACEHOLDER = "JSON.parse('__STACKLAB_SW_MANIFEST__')";

export default function serviceWorker(): AstroIntegration {
  return {
    name: 'stacklab:service-worker',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const template = await readFile(TEMPLATE, 'utf8');
        if (!template.includes(PLACEHOLDER)) throw new Error(`${fileURLToPath(TEMPLATE)} lost its manifest placeholder ${PLACEHOLDER}.`);
        const manifest = await buildManifest(outDir, template);
        await writeFile(join(outDir, 'sw.js'), template.replace(PLACEHOLDER, JSON.stringify(manifest)));
        const vmNote = manifest.vm.length ? `${manifest.vm.length} VM files, ${manifest.disk.length} disk chunks` : 'no VM image (run npm run build:image)';
        logger.info(`sw.js: cache ${manifest.version}, ${manifest.site.length} site files, ${vmNote}`);
      },
    },
  };
}

async function buildManifest(outDir: string, template: string): Promise<PrecacheManifest> {
  const files = (await listFiles(outDir)).map((file) => relative(outDir, file).split(sep).join('/')).sort();
  const site = files.filter((file) => sitePaths([file]).length > 0);
  const contents: Array<readonly [string, Uint8Array | string]> = [['sw.js', template]];
  for (const file of site) contents.push([file, await readFile(join(outDir, file))]);
  const { build, stateUrl, diskUrl } = await readImage(join(outDir, 'vm'));
  return {
    version: cacheVersion(contents, build),
    site: sitePaths(site),
    vm: vmPaths(stateUrl),
    disk: stateUrl ? diskPaths(files, diskUrl) : [],
  };
}

/** The image build id and snapshot file, when the build copied a valid image into dist/vm. */
async function readImage(vmDir: string): Promise<{ build?: string; stateUrl?: string; diskUrl?: string }> {
  try {
    const image = imageInfoSchema.parse(JSON.parse(await readFile(join(vmDir, 'image.json'), 'utf8')));
    const state = stateInfoSchema.parse(JSON.parse(await readFile(join(vmDir, 'state.json'), 'utf8')));
    return { build: image.build, stateUrl: state.build === image.build ? state.url : undefined, diskUrl: image.disk.url };
  } catch {
    return {};
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}
