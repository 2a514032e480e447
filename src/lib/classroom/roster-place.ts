/**
 * The instructor's place in the roster, kept across the redraw each dashboard snapshot makes (on
 * every event in the room, and every 30 s): how far the grid is scrolled sideways, and the cell
 * or button that has focus, found again by its learner and its exercise or action. Without it a
 * grid scrolled to the last exercises jumped back to the first, and a keyboard user's focus
 * fell to the page's start, whenever a learner pressed Check.
 */
export function keepRosterPlace(region: HTMLElement): () => void {
  const scrollLeft = region.querySelector<HTMLElement>('.roster-scroll')?.scrollLeft ?? 0;
  const focused = document.activeElement instanceof HTMLElement && region.contains(document.activeElement) ? placeOf(document.activeElement) : null;
  return () => {
    const scroller = region.querySelector<HTMLElement>('.roster-scroll');
    if (scroller) scroller.scrollLeft = scrollLeft;
    if (focused) region.querySelector<HTMLElement>(focused)?.focus({ preventScroll: true });
  };
}

/** A selector that finds `element` again in the redrawn roster, or null for one it cannot. */
function placeOf(element: HTMLElement): string | null {
  const row = element.closest<HTMLElement>('tr[data-learner]');
  if (!row) return null;
  const learner = `tr[data-learner="${CSS.escape(row.dataset.learner!)}"]`;
  if (element.dataset.exercise) return `${learner} td[data-exercise="${CSS.escape(element.dataset.exercise)}"]`;
  if (element.dataset.action) return `${learner} [data-action="${CSS.escape(element.dataset.action)}"]`;
  return null;
}
