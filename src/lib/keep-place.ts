/**
 * A reader's place in a region the page draws afresh from each snapshot the server streams (the
 * workshop dashboard's roster, an exam session's results), kept across the redraw: how far its
 * scrolling box is scrolled sideways, the element that has focus and the <details> that are
 * open, each found again by its `data-place` key (unique in the region, stable from one drawing
 * to the next). Without it a grid scrolled to its last columns jumped back to the first, a
 * keyboard user's focus fell to the page's start and an examiner's open "Per task and check"
 * closed whenever a learner pressed Check or a candidate's work was saved.
 */
export function keepPlace(region: HTMLElement, scroller: string): () => void {
  const scrollLeft = scrollBox(region, scroller)?.scrollLeft ?? 0;
  const active = document.activeElement?.closest<HTMLElement>('[data-place]');
  const focused = active && region.contains(active) ? active.dataset.place : undefined;
  const open = [...region.querySelectorAll<HTMLDetailsElement>('details[open][data-place]')].map((details) => details.dataset.place!);
  return () => {
    const place = (key: string) => region.querySelector<HTMLElement>(`[data-place="${CSS.escape(key)}"]`);
    for (const key of open) {
      const details = place(key);
      if (details instanceof HTMLDetailsElement) details.open = true;
    }
    const box = scrollBox(region, scroller);
    if (box) box.scrollLeft = scrollLeft;
    if (focused !== undefined) place(focused)?.focus({ preventScroll: true });
  };
}

const scrollBox = (region: HTMLElement, scroller: string) => (region.matches(scroller) ? region : region.querySelector<HTMLElement>(scroller));
