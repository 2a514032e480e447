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

describe('exercise results', () => {
  it('keep the best score and the date of the first pass', () => {
    const storage = memoryStorage();
    const store = new ProgressStore(storage);
    store.recordExerciseResult('eth1-up', { score: 2, maximum: 4, passed: false }, at);
    expect(store.isExerciseDone('eth1-up')).toBe(false);
    expect(store.exerciseResult('eth1-up')).toEqual({ bestScore: 2, maximum: 4 });
    store.recordExerciseResult('eth1-up', { score: 4, maximum: 4, passed: true }, at);
    store.recordExerciseResult('eth1-up', { score: 1, maximum: 4, passed: false }, new Date('2026-05-05T00:00:00Z'));
    store.recordExerciseResult('eth1-up', { score: 4, maximum: 4, passed: true }, new Date('2026-05-05T00:00:00Z'));
    expect(new ProgressStore(storage).exerciseResult('eth1-up')).toEqual({ bestScore: 4, maximum: 4, doneAt: at.toISOString() });
    expect(new ProgressStore(storage).isExerciseDone('eth1-up')).toBe(true);
  });

  it('do not mark the lesson done by themselves', () => {
    const store = new ProgressStore(memoryStorage());
    store.recordExerciseResult('eth1-up', { score: 4, maximum: 4, passed: true }, at);
    expect(store.isDone('translation-table')).toBe(false);
  });

  it('merge on import, keeping the better score and the earlier pass', () => {
    const store = new ProgressStore(memoryStorage());
    store.recordExerciseResult('a', { score: 3, maximum: 4, passed: false }, at);
    store.recordExerciseResult('b', { score: 4, maximum: 4, passed: true }, new Date('2026-03-01T00:00:00Z'));
    store.importJson(
      JSON.stringify({
        version: 2,
        lessons: {},
        exercises: { a: { bestScore: 1, maximum: 4 }, b: { bestScore: 4, maximum: 4, doneAt: '2026-02-01T00:00:00.000Z' } },
      }),
    );
    expect(store.exerciseResult('a')).toEqual({ bestScore: 3, maximum: 4 });
    expect(store.exerciseResult('b')).toEqual({ bestScore: 4, maximum: 4, doneAt: '2026-02-01T00:00:00.000Z' });
  });

  it('merge results kept elsewhere (a workshop server), keeping the better score and the earlier pass, and change nothing when they add nothing', () => {
    const storage = memoryStorage();
    const store = new ProgressStore(storage);
    store.recordExerciseResult('a', { score: 3, maximum: 4, passed: false }, at);
    store.recordExerciseResult('b', { score: 4, maximum: 4, passed: true }, new Date('2026-03-01T00:00:00Z'));
    const listener = vi.fn();
    store.subscribe(listener);
    store.mergeExerciseResults({ a: { bestScore: 1, maximum: 4 }, b: { bestScore: 4, maximum: 4, doneAt: '2026-02-01T00:00:00.000Z' }, c: { bestScore: 2, maximum: 5 } });
    expect(store.exerciseResult('a')).toEqual({ bestScore: 3, maximum: 4 });
    expect(store.exerciseResult('b')).toEqual({ bestScore: 4, maximum: 4, doneAt: '2026-02-01T00:00:00.000Z' });
    expect(store.exerciseResult('c')).toEqual({ bestScore: 2, maximum: 5 });
    expect(new ProgressStore(storage).exerciseResult('c'), 'kept in storage').toEqual({ bestScore: 2, maximum: 5 });
    expect(listener).toHaveBeenCalledTimes(1);
    store.mergeExerciseResults({ a: { bestScore: 2, maximum: 4 } });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('notify subscribers only when something changed', () => {
    const store = new ProgressStore(memoryStorage());
    const listener = vi.fn();
    store.subscribe(listener);
    store.recordExerciseResult('a', { score: 4, maximum: 4, passed: true }, at);
    store.recordExerciseResult('a', { score: 4, maximum: 4, passed: true }, at);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});

describe('progress documents', () => {
  it('of version 1 (lessons only) are upgraded to version 2 with no exercise results', () => {
    const stored = { version: 1, lessons: { a: { doneAt: at.toISOString() } } };
    const progress = parseProgress(JSON.stringify(stored));
    expect(progress).toEqual({ version: 2, lessons: { a: { doneAt: at.toISOString() } }, exercises: {} });
    const store = new ProgressStore(memoryStorage({ [STORAGE_KEY]: JSON.stringify(stored) }));
    expect(store.isDone('a')).toBe(true);
    expect(store.exerciseResult('eth1-up')).toBeUndefined();
  });

  it('refuse an exercise result with a negative score', () => {
    expect(() => parseProgress(JSON.stringify({ version: 2, lessons: {}, exercises: { a: { bestScore: -1, maximum: 4 } } }))).toThrow(/damaged/);
  });

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
