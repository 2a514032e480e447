/**
 * Which VM state of an exam task a browser saved and which one the exam server holds, by the raw
 * state's sha256: the browser's from IndexedDB (as src/lib/exercise-states.ts keeps it), the
 * server's from its exam_task_states row. Equal, the server has the browser's latest save.
 */
import type { Page } from 'playwright-core';
import type { ServiceContext } from '../../../src/server/services/context.ts';

export const browserStateSha256 = (page: Page, taskId: string) =>
  page.evaluate(
    (taskId) =>
      new Promise<string | undefined>((resolve, reject) => {
        const open = indexedDB.open('stacklab-exercise-states');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const transaction = open.result.transaction('states');
          const store = transaction.objectStore('states');
          const [all, keys] = [store.getAll(), store.getAllKeys()];
          transaction.onerror = () => reject(transaction.error);
          transaction.oncomplete = () => resolve((all.result[keys.result.findIndex((key) => String(key).endsWith(`:${taskId}`))] as { raw?: { sha256: string } } | undefined)?.raw?.sha256);
        };
      }),
    taskId,
  );

export async function serverStateSha256(ctx: ServiceContext, candidate: string, taskId: string): Promise<string | undefined> {
  const row = await ctx.storage.db
    .selectFrom('exam_task_states')
    .innerJoin('exam_sittings', 'exam_sittings.id', 'exam_task_states.sitting_id')
    .select(['exam_task_states.state'])
    .where('exam_sittings.candidate', '=', candidate)
    .where('exam_task_states.task_id', '=', taskId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.state) as { sha256: string }).sha256 : undefined;
}
