/**
 * A workshop learner back from another computer (the instructor's rejoin link): the Check results
 * the workshop server keeps for them are marked in this browser's progress, and the join page
 * says what came along and what did not. The work inside the VM stays in the browser it was done
 * in (its saved states are that browser's), so the learner starts the exercise again here.
 *
 * @example
 * result.textContent = await bringCheckResults(membership, progressStore());
 */
import type { ProgressStore } from '../progress-store.ts';
import { messageOf } from '../message-of.ts';
import { fetchCheckResults, type Membership } from './client.ts';

const VM_STAYED = 'What you did inside the VM stayed in the other browser: Start an exercise to set it up here. ';

/** What the join page says once the learner is back: `brought` is how many exercises' results were marked, or why none could be. */
export function rejoinedText(back: Pick<Membership, 'title' | 'name'>, brought: number | { failed: string }): string {
  const who = `You are back in: ${back.title}, as ${back.name}`;
  if (typeof brought === 'object') return `${who}, but your Check results could not be brought to this browser (${brought.failed}); your instructor still has them. ${VM_STAYED}`;
  if (brought === 0) return `${who}. ${VM_STAYED}`;
  return `${who}, with your progress: the Check results of ${brought === 1 ? 'one exercise are' : `${brought} exercises are`} marked in this browser too. ${VM_STAYED}`;
}

/** Marks the learner's Check results from the server in `store` (the better score and the earlier pass win) and says so. */
export async function bringCheckResults(back: Pick<Membership, 'title' | 'name' | 'token'>, store: Pick<ProgressStore, 'mergeExerciseResults'>, base = ''): Promise<string> {
  try {
    const { exercises } = await fetchCheckResults(back, base);
    store.mergeExerciseResults(exercises);
    return rejoinedText(back, Object.keys(exercises).length);
  } catch (error) {
    return rejoinedText(back, { failed: messageOf(error) });
  }
}
