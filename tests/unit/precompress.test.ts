import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isCompressible, precompressFile } from '../../src/integrations/precompress.ts';

describe('the build’s compressed copies', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'stacklab-precompress-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are made beside a page, a script or v86’s WebAssembly, and decode to the file', async () => {
    const path = join(dir, 'v86.wasm');
    const content = Buffer.from('\0asm\x01\0\0\0' + 'guest code '.repeat(2000));
    writeFileSync(path, content);
    expect(await precompressFile(path)).toBeGreaterThan(content.length * 0.9);
    expect(brotliDecompressSync(readFileSync(`${path}.br`)).equals(content)).toBe(true);
    expect(gunzipSync(readFileSync(`${path}.gz`)).equals(content)).toBe(true);
  });

  it('are not made of small files, of files already compressed (the VM’s zstd chunks), or where they save too little', async () => {
    expect(isCompressible('index.html', 500)).toBe(false);
    expect(isCompressible('vm/disk-1/rootfs-0-9.img.zst', 200_000)).toBe(false);
    expect(isCompressible('_astro/x.js', 2000)).toBe(true);
    const random = join(dir, 'noise.js');
    writeFileSync(random, randomBytes(4096));
    expect(await precompressFile(random)).toBe(0);
    expect(existsSync(`${random}.br`) || existsSync(`${random}.gz`)).toBe(false);
  });

  it('never outlive the file they were made from: a copy no longer worth keeping is removed', async () => {
    const path = join(dir, 'page.js');
    writeFileSync(path, 'export const x = 1;\n'.repeat(200));
    await precompressFile(path);
    expect(existsSync(`${path}.br`)).toBe(true);
    writeFileSync(path, 'export const x = 1;\n');
    await precompressFile(path);
    expect(existsSync(`${path}.br`) || existsSync(`${path}.gz`)).toBe(false);
  });
});
