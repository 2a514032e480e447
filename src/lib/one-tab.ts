/**
 * One tab of this browser at a time works on a thing (an exam sitting): two tabs would each
 * run a VM and save the same task, and the one that saved last would win, older work over newer.
 * The first tab holds a Web Lock for as long as it is open. A second tab is told the thing is
 * open elsewhere and may move it here: the first then saves, steps aside (it reloads into a page
 * that says where the work went, so its VM stops and nothing of it saves again), and the second
 * reloads holding the lock, to resume from that save.
 *
 * The lock itself (holdLock, askToLetGo, lockHeld) also serves a thing a tab holds for a
 * while and lets go without leaving the page: a lesson's exercise (src/lib/exercise-tab.ts).
 *
 * @example
 * const here = await claimTab('exam:foundations-practical', { leave: saveIfChanged, moved: () => location.replace('?s=K7MQ2XH4PA&tab=moved') });
 * if (here) mount();
 * else offerButton(async () => { await takeOverTab('exam:foundations-practical'); location.reload(); });
 */

/** Every claim's lock name starts so; a page's head reads it to start no VM of its own while another tab holds a claim (src/components/EarlyVm.astro). */
export const LOCK_PREFIX = 'stacklab:one-tab:';
/** The query parameter of a page whose tab stepped aside (`?tab=moved`): it starts no VM. */
export const STEPPED_ASIDE = { param: 'tab', value: 'moved' } as const;
const TAKE_OVER = 'take-over';

/**
 * The claim of an exam's sitting in this browser: a practice sitting and a server's sitting of
 * one exam share their stored sitting and task states, so they share the claim too.
 */
export const examTabName = (examId: string) => `exam:${examId}`;

/** Whether this page is one whose tab stepped aside (its address carries `?tab=moved`). */
export const isSteppedAside = (search: string = location.search) => new URLSearchParams(search).get(STEPPED_ASIDE.param) === STEPPED_ASIDE.value;

/** `href` marked as the address of a tab that stepped aside, or with that mark removed. */
export function markSteppedAside(href: string, aside: boolean): string {
  const url = new URL(href);
  if (aside) url.searchParams.set(STEPPED_ASIDE.param, STEPPED_ASIDE.value);
  else url.searchParams.delete(STEPPED_ASIDE.param);
  return url.href;
}

export interface ClaimHandlers {
  /** Another tab asks for the thing: save what this tab has. */
  leave(): Promise<void>;
  /** Then step aside for good (the lock is let go when the page unloads). */
  moved(): void;
}

/** Set once this tab holds a claim. */
let claimedHere = false;
const onClaimedHere: Array<() => void> = [];

/**
 * Resolves once this tab holds a claim (at once if it does already). A page that started no VM
 * because another document held its claim starts it then: that document may have been one kept
 * for the back button, which the browser lets go of when this tab asks for the claim.
 */
export function whenClaimedHere(): Promise<void> {
  return claimedHere ? Promise.resolve() : new Promise((resolve) => onClaimedHere.push(resolve));
}

/** Whether this browser can tell its tabs apart (Web Locks and BroadcastChannel); without them every tab goes on as before. */
export const canGuardTabs = () => typeof navigator !== 'undefined' && 'locks' in navigator && typeof BroadcastChannel !== 'undefined';

/**
 * Claims `name` for this tab unless another tab holds it: true when this tab has it (held until
 * the page unloads, or until another tab takes it over), false when another tab has it.
 */
export async function claimTab(name: string, handlers: ClaimHandlers): Promise<boolean> {
  if (!canGuardTabs()) return true;
  const held = await holdLock(`${LOCK_PREFIX}${name}`, handlers, { letGoWhenMoved: false });
  if (!held) return false;
  claimedHere = true;
  for (const claimed of onClaimedHere.splice(0)) claimed();
  return true;
}

/** A lock this tab holds until it lets go (or another tab asks for it). */
export interface HeldLock {
  /** Lets the lock go: another tab may take the thing without asking this one. */
  letGo(): void;
}

/**
 * Holds lock `lockName` unless another tab does (then undefined), or with `waitForIt`, once the
 * tab that does lets it go (after askToLetGo). Asked for by another tab, this one calls `leave`
 * (save), then `moved`, and lets the lock go at once when `letGoWhenMoved`, else only when the
 * page unloads (`moved` reloads it).
 */
export function holdLock(lockName: string, handlers: ClaimHandlers, { letGoWhenMoved, waitForIt = false }: { letGoWhenMoved: boolean; waitForIt?: boolean }): Promise<HeldLock | undefined> {
  return new Promise<HeldLock | undefined>((resolve) => {
    void navigator.locks.request(lockName, { ifAvailable: !waitForIt }, async (lock) => {
      if (!lock) return resolve(undefined);
      const channel = new BroadcastChannel(lockName);
      // Held until asked for or let go.
      const asked = await new Promise<boolean>((done) => {
        channel.onmessage = (event: MessageEvent) => {
          if (event.data === TAKE_OVER) done(true);
        };
        resolve({ letGo: () => done(false) });
      });
      channel.close();
      if (!asked) return;
      await handlers.leave().catch(() => undefined);
      handlers.moved();
      if (!letGoWhenMoved) await new Promise<never>(() => {});
    });
  });
}

/** Whether another tab (or this one) holds lock `lockName`. */
export async function lockHeld(lockName: string): Promise<boolean> {
  if (!canGuardTabs()) return false;
  const { held = [] } = await navigator.locks.query().catch(() => ({ held: [] }));
  return held.some((lock) => lock.name === lockName);
}

/**
 * Whether this page should start no VM: it stepped aside (`?tab=moved`), or another tab of the
 * browser holds the page's claim `name` (so this page will only say so), or any claim when the
 * page cannot know its name yet (the sit page learns its exam from the server). A page that
 * holds a claim itself, or has not claimed yet while no other tab holds one, starts its VM as usual.
 */
export async function vmBelongsElsewhere(search: string = location.search, name?: string): Promise<boolean> {
  if (isSteppedAside(search)) return true;
  if (claimedHere || !canGuardTabs()) return false;
  const { held = [] } = await navigator.locks.query().catch(() => ({ held: [] }));
  return held.some((lock) => (name === undefined ? lock.name?.startsWith(LOCK_PREFIX) : lock.name === `${LOCK_PREFIX}${name}`));
}

/** After how long a take-over that still waits says so: the tab holding the thing may be frozen or hung. */
export const TAKE_OVER_SLOW_MS = 15_000;

/**
 * Asks the tab that holds `name` to step aside, and resolves once it has (its lock let go: it
 * saved first, which can take a while on a busy machine). If that has not happened after
 * `slowAfterMs`, `onSlow` is called once, and the wait goes on.
 */
export async function takeOverTab(name: string, onSlow: () => void = () => undefined, slowAfterMs = TAKE_OVER_SLOW_MS): Promise<void> {
  if (!canGuardTabs()) return;
  await takeOverLock(`${LOCK_PREFIX}${name}`, onSlow, slowAfterMs);
}

/** Asks the tab that holds lock `lockName` (with holdLock) to save, step aside and let it go. */
export function askToLetGo(lockName: string): void {
  const channel = new BroadcastChannel(lockName);
  channel.postMessage(TAKE_OVER);
  channel.close();
}

/** takeOverTab for any lock held with holdLock: resolves once the holder has let it go. */
async function takeOverLock(lockName: string, onSlow: () => void = () => undefined, slowAfterMs = TAKE_OVER_SLOW_MS): Promise<void> {
  askToLetGo(lockName);
  const slow = setTimeout(onSlow, slowAfterMs);
  try {
    await navigator.locks.request(lockName, async () => undefined);
  } finally {
    clearTimeout(slow);
  }
}
