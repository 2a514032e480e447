/**
 * The copy of a file that the site's service worker saved for offline use
 * (src/service-worker/sw.js), read straight from Cache Storage rather than through the worker's
 * fetch handler, which costs several times more. Only for URLs whose name changes with their
 * content (the snapshot, v86.wasm, the disk's chunks), since any Stacklab cache's copy is then
 * the right one.
 */

/** The saved copy's bytes; undefined without one, without Cache Storage (Node), or where storage is refused (a private window, a sandboxed frame). */
export async function offlineCopy(url: string): Promise<ArrayBuffer | undefined> {
  if (typeof caches === 'undefined') return undefined;
  try {
    const cached = await caches.match(url);
    return cached?.ok ? await cached.arrayBuffer() : undefined;
  } catch {
    // Storage refused or unreadable: the network has it.
    return undefined;
  }
}
