/**
 * Asks before the page goes while work would be lost. Closing the tab, reloading, or leaving the
 * site while the VM's latest work is not yet saved (or, in an exam on the server, not yet
 * uploaded) brings up the browser's own "Leave site?" question; a page cannot word it. Each part
 * of the page says when it has work at risk. A navigation the page makes itself, once its work
 * is safe (an exam moving to another tab), goes without asking.
 *
 * @example
 * askBeforeLeaving(() => dirty || savesPending(), () => void saveIfChanged());
 * leaveWithoutAsking(() => location.replace('?s=K7MQ2XH4PA&tab=moved'));
 */
interface Guard {
  workAtRisk: () => boolean;
  secure?: () => void;
}

const guards = new Set<Guard>();
let leavingOnPurpose = false;
let installed = false;

function onBeforeUnload(event: BeforeUnloadEvent): void {
  if (leavingOnPurpose) return;
  const risky = [...guards].filter((guard) => guard.workAtRisk());
  if (risky.length === 0) return;
  for (const guard of risky) guard.secure?.();
  event.preventDefault();
  // Older browsers ask only when returnValue is set.
  event.returnValue = '';
}

/**
 * Asks before leaving whenever `workAtRisk()` is true, and then calls `secure` (begin the save
 * now, so the work is safe if the user stays). For the page's lifetime.
 */
export function askBeforeLeaving(workAtRisk: () => boolean, secure?: () => void): void {
  if (!installed) {
    installed = true;
    window.addEventListener('beforeunload', onBeforeUnload);
  }
  guards.add({ workAtRisk, secure });
}

/** Runs `go` (a navigation the page makes itself, its work safe) without asking. */
export function leaveWithoutAsking(go: () => void): void {
  leavingOnPurpose = true;
  go();
}
