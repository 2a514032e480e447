/**
 * The page's localStorage, or undefined when the browser refuses it: reading the property
 * itself throws a SecurityError when storage is disabled (a policy, a sandboxed frame).
 * Every store on the page takes it this way and keeps working, for the visit, without it.
 */
export function browserLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
