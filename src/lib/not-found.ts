/**
 * Addresses that lead nowhere: decoding one safely, and the 404 page's suggestion of the
 * lesson it most likely meant, when its last part is the start of a lesson's slug or the other
 * way round ("/lessons/bridge/" for "bridges", "/lessons/routing-between-namespaces-2/" for
 * "routing-between-namespaces").
 */

/** The slug among `slugs` that `pathname` most likely meant; none when nothing is close or the address is too short to tell. */
export function suggestSlug(pathname: string, slugs: readonly string[]): string | undefined {
  const wanted = pathname.split('/').filter(Boolean).at(-1)?.toLowerCase() ?? '';
  if (wanted.length < 3) return undefined;
  const close = slugs.filter((slug) => slug !== wanted && (slug.startsWith(wanted) || wanted.startsWith(slug)));
  // The one that differs the least in length from what was typed.
  return close.sort((a, b) => Math.abs(a.length - wanted.length) - Math.abs(b.length - wanted.length))[0];
}

/**
 * A URL path with its percent-escapes decoded; as it came when they are malformed ("%E0%A4%A"),
 * so it names no file (a 404) rather than failing the request or the page.
 */
export function decodedPath(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

/** The last part of a lesson link's path: its slug. */
export const slugOf = (href: string): string => new URL(href, 'http://x/').pathname.split('/').filter(Boolean).at(-1) ?? '';
