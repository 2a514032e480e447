/**
 * What the service worker precaches and how its cache is named, from the files of a
 * finished build. Pure functions, so they are tested without a build.
 */
import { createHash } from 'node:crypto';
import { isCompressedCopy } from './precompress.ts';

export interface PrecacheManifest {
  /** Changes whenever a site file or the VM image changes; names the cache. */
  version: string;
  /** Pages and assets, as URL paths. */
  site: string[];
  /** VM files fetched at install: descriptions and the snapshot. */
  vm: string[];
  /** The disk's chunks, cached in the background once the VM runs, so every command works offline. */
  disk: string[];
}

/** Output files the site does not need offline (the service worker itself among them, and the compressed copies a server sends in a file's place). */
const SKIPPED = [/^sw\.js$/, /^vm\//, /\.map$/];

/**
 * Turns build output paths (relative, with "/") into the URL paths the pages use.
 *
 * @example sitePaths(['index.html', 'lessons/a/index.html', '_astro/x.js'])
 * // ['/', '/lessons/a/', '/_astro/x.js']
 */
export function sitePaths(files: readonly string[]): string[] {
  return files
    .filter((file) => !SKIPPED.some((pattern) => pattern.test(file)) && !isCompressedCopy(file))
    .map((file) => `/${file}`.replace(/(^|\/)index\.html$/, '$1'))
    .sort();
}

/** The VM files to precache, given state.json's `url` (undefined when no image was built). */
export function vmPaths(stateUrl: string | undefined): string[] {
  return stateUrl ? ['/vm/image.json', '/vm/state.json', `/vm/${stateUrl}`] : [];
}

/**
 * The chunk files of the image's disk, given image.json's disk.url ("disk-<key>/rootfs.img.zst").
 *
 * @example diskPaths(['vm/disk-1/rootfs-0-9.img.zst', 'vm/disk-0/old.zst'], 'disk-1/rootfs.img.zst')
 * // ['/vm/disk-1/rootfs-0-9.img.zst']
 */
export function diskPaths(files: readonly string[], diskUrl: string | undefined): string[] {
  const folder = diskUrl?.split('/').slice(0, -1).join('/');
  if (!folder) return [];
  return files.filter((file) => file.startsWith(`vm/${folder}/`)).map((file) => `/${file}`);
}

/**
 * A short cache version: the image build id (or "no-image") and a hash of the site files.
 *
 * @example cacheVersion([['index.html', '<html>…']], '1a2b3c4d-ef') // '1a2b3c4d-ef-9f86d081'
 */
export function cacheVersion(files: Iterable<readonly [path: string, content: Uint8Array | string]>, imageBuild: string | undefined): string {
  const hash = createHash('sha256');
  for (const [path, content] of files) {
    hash.update(path);
    hash.update('\0');
    hash.update(content);
    hash.update('\0');
  }
  return `${imageBuild ?? 'no-image'}-${hash.digest('hex').slice(0, 8)}`;
}
