/**
 * Astro integration: after the build (and after sw.js is written), stores a Brotli and a gzip
 * copy beside every file a browser loads that compresses (pages, scripts, styles, JSON, SVG and
 * v86's WebAssembly): `x.js.br`, `x.js.gz`. The server sends one of them to a browser that
 * accepts it (src/server/routes/static-site.ts, and scripts/static-server.ts for the tests), so a
 * first visit downloads v86.wasm as about 0.3 MB instead of 2.1 MB. Compressed once here, never
 * per request. A copy that would save too little is not kept, and an old one is removed, so a
 * copy never outlives the file it was made from.
 */
import type { AstroIntegration } from 'astro';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/** The encodings kept, each with its file suffix, in the order a server prefers them. */
export const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/** Files worth compressing: text, and WebAssembly. The VM's chunks and snapshot are zstd already. */
const COMPRESSIBLE = /\.(html|js|mjs|css|json|svg|wasm|xml|txt)$/;
/** Below this, a response's headers cost more than compression saves. */
const MIN_BYTES = 1024;
/** A copy is kept only when it is at most this share of the original. */
const MAX_RATIO = 0.9;

export const isCompressible = (path: string, bytes: number): boolean => COMPRESSIBLE.test(path) && bytes >= MIN_BYTES;

/** Whether `path` names one of the copies (`x.js.br`), which only a server that negotiates them sends. */
export const isCompressedCopy = (path: string): boolean => PRECOMPRESSED.some(({ suffix }) => path.endsWith(suffix));

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

async function encode(encoding: (typeof PRECOMPRESSED)[number]['encoding'], content: Buffer): Promise<Buffer> {
  if (encoding === 'gzip') return gzipAsync(content, { level: 9 });
  return brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } });
}

/** Writes (or removes) the compressed copies of one file; returns the bytes the smallest copy saves. */
export async function precompressFile(path: string): Promise<number> {
  const content = await readFile(path);
  const compressible = isCompressible(path, content.length);
  let saved = 0;
  for (const { encoding, suffix } of PRECOMPRESSED) {
    const copy = compressible ? await encode(encoding, content) : undefined;
    if (copy && copy.length <= content.length * MAX_RATIO) {
      await writeFile(path + suffix, copy);
      saved = Math.max(saved, content.length - copy.length);
    } else {
      await rm(path + suffix, { force: true });
    }
  }
  return saved;
}

export default function precompress(): AstroIntegration {
  return {
    name: 'stacklab:precompress',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const entries = await readdir(outDir, { withFileTypes: true, recursive: true });
        const files = entries.filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name)).map((entry) => join(entry.parentPath, entry.name));
        const saved = await Promise.all(files.map(precompressFile));
        const total = saved.reduce((sum, bytes) => sum + bytes, 0);
        logger.info(`${saved.filter((bytes) => bytes > 0).length} of ${files.length} files precompressed (Brotli and gzip), ${(total / 1e6).toFixed(1)} MB smaller on the wire`);
      },
    },
  };
}
