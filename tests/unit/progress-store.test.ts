import { describe, expect, it, vi } from 'vitest';
import {
  BACKUP_KEY,
  CURRENT_VERSION,
  parseProgress,
  ProgressStore,
  STORAGE_KEY,
  type ProgressStorage,
} from '../../src/lib/progress-store.ts';

function memoryStorage(initial: Record<string, string> = {}): ProgressStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
  };
}

const at = new Date('2026-01-02T03:04:05.000Z');

describe('the progress store', () => {
  it('starts empty and remembers a lesson marked done across instances', () => {
    const storage = memoryStorage();
    new ProgressStore(storage).markDone('translation-table', at);
    const reloaded = new ProgressStore(storage);
    expect(reloaded.isDone('translation-table')).toBe(true);
    expect(reloaded.doneIds()).toEqual(['translation-table']);
  });

  it('can unmark a lesson', () => {
    const store = new ProgressStore(memoryStorage());
    store.markDone('a', at);
    store.markNotDone('a');
    expect(store.isDone('a')).toBe(false);
  });

  it('tells subscribers about changes', () => {
    const store = new ProgressStore(memoryStorage());
    const listener = vi.fn();
    const unsubscribe = store.subscribe(listener);
    store.markDone('a', at);
    unsubscribe();
    store.markDone('b', at);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keeps unreadable data under a backup key instead of destroying it', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const storage = memoryStorage({ [STORAGE_KEY]: '{"version":1,"lessons":{"a":{"doneAt":"yesterday"}}}' });
    const store = new ProgressStore(storage);
    expect(store.doneIds()).toEqual([]);
    expect(storage.data.get(BACKUP_KEY)).toContain('yesterday');
  });

  it('works in memory when storage is blocked, and says so', () => {
    const blocked: ProgressStorage = {
      getItem: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    };
    const store = new ProgressStore(blocked);
    store.markDone('a', at);
    expect(store.isDone('a')).toBe(true);
    expect(store.storageProblem).toMatch(/Export it to keep it/);
  });

  it('reports a full storage without losing the mark', () => {
    const storage = memoryStorage();
    storage.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    const store = new ProgressStore(storage);
    store.markDone('a', at);
    expect(store.isDone('a')).toBe(true);
    expect(store.storageProblem).toMatch(/could not be saved \(quota\)/);
  });

  it('has no storage problem when there is no problem', () => {
    expect(new ProgressStore(memoryStorage()).storageProblem).toBeUndefined();
  });

  it('exports a file that imports back into another browser', () => {
    const source = new ProgressStore(memoryStorage());
    source.markDone('a', at);
    const target = new ProgressStore(memoryStorage());
    expect(target.importJson(source.exportJson())).toBe(1);
    expect(target.isDone('a')).toBe(true);
  });

  it('merges an import with existing marks, keeping the earlier date', () => {
    const store = new ProgressStore(memoryStorage());
    store.markDone('a', new Date('2026-03-01T00:00:00Z'));
    store.markDone('b', at);
    store.importJson(JSON.stringify({ version: 1, lessons: { a: { doneAt: '2026-02-01T00:00:00.000Z' } } }));
    expect(JSON.parse(store.exportJson()).lessons).toEqual({
      a: { doneAt: '2026-02-01T00:00:00.000Z' },
      b: { doneAt: at.toISOString() },
    });
  });

  it('refuses to import what is not Stacklab progress, and keeps the current marks', () => {
    const store = new ProgressStore(memoryStorage());
    store.markDone('a', at);
    expect(() => store.importJson('not json')).toThrow(/not valid JSON/);
    expect(() => store.importJson('{"lessons":{}}')).toThrow(/no "version"/);
    expect(store.isDone('a')).toBe(true);
  });
});

describe('progress documents', () => {
  it('are refused when a newer site wrote them', () => {
    expect(() => parseProgress(JSON.stringify({ version: CURRENT_VERSION + 1, lessons: {} }))).toThrow(/newer Stacklab/);
  });

  it('are upgraded through the migrations, one version at a time', () => {
    const fromZero = (document: Record<string, unknown>) => ({
      version: 1,
      lessons: Object.fromEntries((document.done as string[]).map((id) => [id, { doneAt: '2026-01-01T00:00:00.000Z' }])),
    });
    const progress = parseProgress(JSON.stringify({ version: 0, done: ['a'] }), { 0: fromZero });
    expect(progress.lessons).toEqual({ a: { doneAt: '2026-01-01T00:00:00.000Z' } });
  });

  it('name the missing migration when an old version cannot be read', () => {
    expect(() => parseProgress(JSON.stringify({ version: 0 }), {})).toThrow(/no migration to 1/);
  });
});
