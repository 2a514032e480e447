/**
 * The page's one ProgressStore, on window.localStorage, kept in step with other tabs.
 */
import { ProgressStore, STORAGE_KEY } from './progress-store.ts';

let store: ProgressStore | undefined;

export function progressStore(): ProgressStore {
  if (store) return store;
  store = new ProgressStore(localStorageOrUndefined());
  const current = store;
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY) current.reload();
  });
  return store;
}

function localStorageOrUndefined(): Storage | undefined {
  try {
    // Reading the property itself throws a SecurityError when storage is disabled.
    return window.localStorage;
  } catch {
    return undefined;
  }
}
