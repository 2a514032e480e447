/**
 * The page's one ProgressStore, on window.localStorage, kept in step with other tabs.
 */
import { browserLocalStorage } from './browser-storage.ts';
import { ProgressStore, STORAGE_KEY } from './progress-store.ts';

let store: ProgressStore | undefined;

export function progressStore(): ProgressStore {
  if (store) return store;
  store = new ProgressStore(browserLocalStorage());
  const current = store;
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY) current.reload();
  });
  return store;
}
