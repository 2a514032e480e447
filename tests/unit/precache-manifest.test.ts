import { describe, expect, it } from 'vitest';
import { cacheVersion, diskPaths, sitePaths, vmPaths } from '../../src/integrations/precache-manifest.ts';

describe('the precache manifest', () => {
  it('maps pages to their URLs and keeps assets', () => {
    expect(sitePaths(['index.html', 'lessons/a/index.html', '_astro/x.js', 'favicon.svg'])).toEqual([
      '/',
      '/_astro/x.js',
      '/favicon.svg',
      '/lessons/a/',
    ]);
  });

  it('leaves out the VM folder, source maps and the service worker itself', () => {
    expect(sitePaths(['vm/bzImage', 'vm/disk-1/rootfs-0-1.img.zst', '_astro/x.js.map', 'sw.js', '_astro/x.js.br', 'index.html.gz'])).toEqual([]);
  });

  it('precaches the VM descriptions and snapshot, not the kernel', () => {
    expect(vmPaths('state-abc.bin.zst')).toEqual(['/vm/image.json', '/vm/state.json', '/vm/state-abc.bin.zst']);
    expect(vmPaths(undefined)).toEqual([]);
  });

  it('changes the cache version when a file or the image changes', () => {
    const files = [['index.html', 'a']] as const;
    const version = cacheVersion(files, 'b1');
    expect(version).toMatch(/^b1-[0-9a-f]{8}$/);
    expect(cacheVersion([['index.html', 'b']], 'b1')).not.toBe(version);
    expect(cacheVersion(files, 'b2')).not.toBe(version);
    expect(cacheVersion(files, 'b1')).toBe(version);
    expect(cacheVersion(files, undefined)).toMatch(/^no-image-/);
  });
});

describe('the disk chunks to cache in the background', () => {
  it('are the files of the current disk folder only', () => {
    const files = ['vm/disk-new/rootfs-0-9.img.zst', 'vm/disk-new/rootfs-9-18.img.zst', 'vm/disk-old/rootfs-0-9.img.zst', 'vm/image.json'];
    expect(diskPaths(files, 'disk-new/rootfs.img.zst')).toEqual(['/vm/disk-new/rootfs-0-9.img.zst', '/vm/disk-new/rootfs-9-18.img.zst']);
  });

  it('are none without an image', () => {
    expect(diskPaths(['vm/disk-new/a'], undefined)).toEqual([]);
  });
});
