// @ts-check
/// <reference lib="webworker" />
/**
 * Stacklab's service worker: the site and the VM keep working offline after one visit.
 *
 * - Install precaches every page and asset of this build (the emulator's wasm included),
 *   plus the VM's descriptions and snapshot.
 * - Disk chunks under /vm/disk-<key>/ are fetched lazily by the emulator; each is cached
 *   the first time it is fetched, and when a page asks ('stacklab:cache-disk', sent once
 *   the VM runs) the rest are fetched in the background, so every command works offline.
 * - Each build has its own cache, `stacklab-<version>`; activation deletes the others.
 *
 * The build (src/integrations/service-worker.ts) replaces the JSON.parse placeholder below
 * with this build's manifest.
 */
const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

/** @type {{ version: string, site: string[], vm: string[], disk: string[] }} */
const MANIFEST = JSON.parse('__STACKLAB_SW_MANIFEST__');
const CACHE_PREFIX = 'stacklab-';
const CACHE = `${CACHE_PREFIX}${MANIFEST.version}`;

/** Files whose name changes with their content, so a copy from the HTTP cache is never stale. */
const isImmutable = (/** @type {string} */ path) =>
  path.startsWith('/_astro/') || /^\/vm\/(state-[^/]+|disk-[^/]+\/.+)$/.test(path);
/** VM files worth keeping: descriptions, snapshot and disk chunks (not the kernel or BIOS). */
const isVmFile = (/** @type {string} */ path) => /^\/vm\/(image\.json|state\.json|state-[^/]+|disk-[^/]+\/.+)$/.test(path);

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(MANIFEST.site);
      for (const path of MANIFEST.vm) {
        try {
          // The page has usually just downloaded the snapshot: reuse that copy when it can.
          const response = await fetch(new Request(path, { cache: isImmutable(path) ? 'force-cache' : 'no-cache' }));
          if (response.ok) await cache.put(path, response);
        } catch {
          // Offline or missing: the VM files are cached on first use instead.
        }
      }
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE).map((name) => caches.delete(name)));
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('message', (event) => {
  if (event.data !== 'stacklab:cache-disk') return;
  event.waitUntil(
    cacheDisk().then(async (report) => {
      const clients = await sw.clients.matchAll({ type: 'window' });
      for (const client of clients) client.postMessage({ type: 'stacklab:offline', ...report });
    }),
  );
});

/**
 * Fetches the disk chunks not cached yet, a few at a time.
 * @returns {Promise<{ complete: boolean, fetched: number }>} complete when every VM file is cached
 */
async function cacheDisk() {
  const cache = await caches.open(CACHE);
  const missing = [];
  for (const path of MANIFEST.disk) if (!(await cache.match(path))) missing.push(path);
  const fetched = missing.length;
  let failures = 0;
  const worker = async () => {
    for (let path = missing.shift(); path; path = missing.shift()) {
      try {
        const response = await fetch(path);
        if (response.ok) await cache.put(path, response);
        else failures++;
      } catch {
        failures++;
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return { complete: failures === 0 && MANIFEST.vm.length > 0, fetched };
}

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== sw.location.origin || request.headers.has('range')) return;
  event.respondWith(respond(request, url));
});

/**
 * Cache first (every cached file belongs to this build), then the network; VM files
 * and this build's assets are added to the cache as they are fetched.
 * @param {Request} request
 * @param {URL} url
 */
async function respond(request, url) {
  const cache = await caches.open(CACHE);
  const cached = await cachedCopy(cache, request, url);
  if (cached) return cached;
  try {
    const response = await fetch(request);
    if (response.ok && response.status === 200 && (isVmFile(url.pathname) || url.pathname.startsWith('/_astro/'))) {
      await cache.put(request, response.clone());
    }
    return response;
  } catch {
    return new Response(`Offline, and ${url.pathname} was not saved for offline use.`, {
      status: 503,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
}

/**
 * This build's copy of what `request` asks for: the entry stored under the request itself, else
 * (a page asked with a query, such as ?vm-thread=page) the one stored under its path, else "/x"
 * stored as "/x/". Each is a lookup by key. Not `ignoreSearch`: chromium then reads every entry
 * of the cache (about 450 with the disk chunks), some 6 ms a request where a lookup takes 1 ms,
 * and a page load makes dozens of requests.
 * @param {Cache} cache
 * @param {Request} request
 * @param {URL} url
 */
async function cachedCopy(cache, request, url) {
  return (
    (await cache.match(request)) ??
    (url.search ? await cache.match(`${url.origin}${url.pathname}`) : undefined) ??
    (await cache.match(withTrailingSlash(url)))
  );
}

/** "/lessons/x" and "/lessons/x/" are the same page. */
function withTrailingSlash(/** @type {URL} */ url) {
  return url.pathname.endsWith('/') || url.pathname.includes('.') ? url.pathname : `${url.pathname}/`;
}
