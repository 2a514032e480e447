/**
 * An exam's sitting in one tab of the browser (src/lib/one-tab.ts), for the exam server's sit
 * page and a practice exam's own page: the claim, and what a tab without the exam shows (that
 * the exam is open in another tab, or moved there from this one, and a button to work here
 * instead). Such a tab starts no VM, so its terminal pane is hidden.
 *
 * @example
 * const why = await claimExamTab('foundations-practical');
 * if (why) offerTakeOver({ text, button, error }, 'foundations-practical', why);
 */
import { saveIfChanged } from './exercise-autosave.ts';
import { savesFinished } from './exercise-session.ts';
import { clockTime } from './format-time.ts';
import { leaveWithoutAsking } from './leave-guard.ts';
import { claimTab, examTabName, isSteppedAside, markSteppedAside, takeOverTab } from './one-tab.ts';

export interface TakeOverParts {
  /** Where the situation is explained. */
  text: HTMLElement;
  /** "Work in this tab". */
  button: HTMLButtonElement;
  /** Where a failed move is reported. */
  error: HTMLElement;
}

/** Why this tab has not got the exam: another tab had it first ('open'), or took it from this one ('moved'). */
export type Elsewhere = 'open' | 'moved';

export const elsewhereText = (why: Elsewhere, at: string = clockTime()) =>
  why === 'open'
    ? 'This exam is open in another tab of this browser. Work there, or move it to this tab: the other tab saves your work and steps aside, and this one goes on from that save.'
    : `Your exam moved to another tab at ${at}, after saving your work here. Work there, or move it back to this tab.`;

/** Reloads this page marked as the tab that stepped aside (or not): its work is safe, so nothing asks first. */
const reloadMarked = (steppedAside: boolean) => leaveWithoutAsking(() => location.replace(markSteppedAside(location.href, steppedAside)));

/**
 * Claims exam `examId` for this tab: undefined when this tab has it, else why not. Asked for by
 * another tab, this one calls `stepAside` first (an exam server's host then starts no upload:
 * the save below is left to the tab that goes on), saves the task on screen if the terminal
 * changed since its last save, lets saves finish and what `stepAside` returned settle, and
 * reloads as a page that says the exam moved.
 */
export async function claimExamTab(examId: string, stepAside: () => Promise<void> = async () => undefined): Promise<Elsewhere | undefined> {
  if (isSteppedAside()) return 'moved';
  const here = await claimTab(examTabName(examId), {
    leave: async () => {
      const settled = stepAside();
      await saveIfChanged();
      await savesFinished();
      await settled;
    },
    // A new page: this tab's VM stops, and nothing of it saves again.
    moved: () => reloadMarked(true),
  });
  return here ? undefined : 'open';
}

/** Hides the terminal pane and its divider: this tab runs no exam (it is open in another tab, or went to another browser). */
export function hideTerminalPane(): void {
  document.documentElement.dataset.terminal = 'collapsed';
  for (const part of document.querySelectorAll<HTMLElement>('.terminal-pane, .exam-workspace .divider')) part.style.display = 'none';
}

/** Hides the terminal pane (no VM runs in this tab), explains, and moves exam `examId` here when the button is pressed (then reloads). */
export function offerTakeOver({ text, button, error }: TakeOverParts, examId: string, why: Elsewhere): void {
  hideTerminalPane();
  text.textContent = elsewhereText(why);
  button.onclick = () => {
    button.disabled = true;
    error.textContent = '';
    text.textContent = 'Asking the other tab to save your work and step aside…';
    const slow = () => (text.textContent = 'Still waiting for the other tab to save your work and step aside. If it is frozen or no longer answers, close it: this tab then goes on from its last save.');
    takeOverTab(examTabName(examId), slow).then(
      () => reloadMarked(false),
      (e: unknown) => {
        button.disabled = false;
        error.textContent = `The exam could not move to this tab: ${e instanceof Error ? e.message : String(e)}.`;
      },
    );
  };
}
