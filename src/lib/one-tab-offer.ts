/**
 * What a tab without the exam shows (src/lib/one-tab.ts): that the exam is open in another tab
 * of this browser, or moved there from this one, and a button to work here instead. The tab
 * starts no VM, so its terminal pane is hidden. Used by the exam server's sit page and by a
 * practice exam's own page.
 *
 * @example
 * offerTakeOver({ text, button, error }, 'exam:foundations-practical', 'open');
 */
import { clockTime } from './format-time.ts';
import { markSteppedAside, takeOverTab } from './one-tab.ts';

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

/** Hides the terminal pane (no VM runs in this tab), explains, and moves the exam here when the button is pressed (then reloads). */
export function offerTakeOver({ text, button, error }: TakeOverParts, name: string, why: Elsewhere): void {
  document.documentElement.dataset.terminal = 'collapsed';
  for (const part of document.querySelectorAll<HTMLElement>('.terminal-pane, .exam-workspace .divider')) part.style.display = 'none';
  text.textContent = elsewhereText(why);
  button.onclick = () => {
    button.disabled = true;
    error.textContent = '';
    text.textContent = 'Asking the other tab to save your work and step aside…';
    const slow = () => (text.textContent = 'Still waiting for the other tab to save your work and step aside. If it is frozen or no longer answers, close it: this tab then goes on from its last save.');
    takeOverTab(name, slow).then(
      () => location.replace(markSteppedAside(location.href, false)),
      (e: unknown) => {
        button.disabled = false;
        error.textContent = `The exam could not move to this tab: ${e instanceof Error ? e.message : String(e)}.`;
      },
    );
  };
}
