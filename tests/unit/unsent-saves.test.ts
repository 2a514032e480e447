/**
 * The record of task saves the exam server has not answered (src/lib/exam-server/unsent-saves.ts):
 * the latest save of each task is kept until its own upload is answered, a later save is not
 * forgotten by the answer to an earlier one, another sitting's saves are not resumed, and a
 * damaged record reads as nothing to send.
 */
import { describe, expect, it } from 'vitest';
import type { SavedTask } from '../../src/lib/exam-host.ts';
import { forgetUnsent, markSent, markUnsent, unsentKey, unsentSaves } from '../../src/lib/exam-server/unsent-saves.ts';

function memoryStorage() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k), items };
}

const save = (taskId: string, savedAt: string, seed = 'seed-1'): SavedTask => ({ examId: 'foundations-practical', seed, taskId, taskLabel: `Task ${taskId}`, key: `exam:foundations-practical:${seed}:${taskId}`, savedAt });

describe('unsent task saves', () => {
  it('keeps the latest save of each task until its own upload is answered', () => {
    const storage = memoryStorage();
    markUnsent(storage, 'K7MQ2XH4PA', save('cable', '2026-12-05T10:00:01Z'));
    markUnsent(storage, 'K7MQ2XH4PA', save('switch', '2026-12-05T10:00:02Z'));
    markUnsent(storage, 'K7MQ2XH4PA', save('cable', '2026-12-05T10:00:03Z'));
    expect(unsentSaves(storage, 'K7MQ2XH4PA', 'seed-1').map((s) => [s.taskId, s.savedAt])).toEqual([
      ['switch', '2026-12-05T10:00:02Z'],
      ['cable', '2026-12-05T10:00:03Z'],
    ]);
    // The answer to the earlier upload of cable does not forget its later save.
    markSent(storage, 'K7MQ2XH4PA', save('cable', '2026-12-05T10:00:01Z'));
    expect(unsentSaves(storage, 'K7MQ2XH4PA', 'seed-1').map((s) => s.taskId)).toEqual(['switch', 'cable']);
    markSent(storage, 'K7MQ2XH4PA', save('cable', '2026-12-05T10:00:03Z'));
    markSent(storage, 'K7MQ2XH4PA', save('switch', '2026-12-05T10:00:02Z'));
    expect(unsentSaves(storage, 'K7MQ2XH4PA', 'seed-1')).toEqual([]);
    expect(storage.items.has(unsentKey('K7MQ2XH4PA'))).toBe(false);
  });

  it("resumes only this sitting's saves, none once submitted, and reads a damaged record as nothing to send", () => {
    const storage = memoryStorage();
    markUnsent(storage, 'K7MQ2XH4PA', save('cable', '2026-12-05T10:00:01Z', 'seed-old'));
    expect(unsentSaves(storage, 'K7MQ2XH4PA', 'seed-1')).toEqual([]);
    expect(unsentSaves(storage, 'OTHERSESSN', 'seed-old')).toEqual([]);
    // Once the bundle is submitted, nothing is left to send.
    markUnsent(storage, 'K7MQ2XH4PA', save('switch', '2026-12-05T10:00:02Z'));
    forgetUnsent(storage, 'K7MQ2XH4PA');
    expect(unsentSaves(storage, 'K7MQ2XH4PA', 'seed-1')).toEqual([]);
    storage.setItem(unsentKey('K7MQ2XH4PA'), '{"cable": {"taskId": 5}');
    expect(unsentSaves(storage, 'K7MQ2XH4PA', 'seed-1')).toEqual([]);
    storage.setItem(unsentKey('K7MQ2XH4PA'), JSON.stringify({ cable: { taskId: 'cable' } }));
    expect(unsentSaves(storage, 'K7MQ2XH4PA', 'seed-1')).toEqual([]);
  });
});
