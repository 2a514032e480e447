/**
 * The life cycle of an element marked transition:persist (the terminal pane, the topology
 * panel): the client-side router may move it (moveBefore) or detach and re-attach it on a page
 * change. It sets itself up once, hears `reconnected()` when it comes back already set up,
 * and tears down only if it stays gone past the current task.
 */
export abstract class PersistentElement extends HTMLElement {
  /** Set up and not torn down (work that finishes later checks it). */
  protected initialised = false;
  private teardownTimer?: ReturnType<typeof setTimeout>;

  /** The first connection: listeners, subscriptions, first render. */
  protected abstract setUp(): void;
  /** Gone for good: undo setUp(). */
  protected abstract tearDown(): void;
  /** Connected again while still set up (a page change). */
  protected reconnected(): void {}

  connectedCallback(): void {
    clearTimeout(this.teardownTimer);
    if (this.initialised) return this.reconnected();
    this.initialised = true;
    this.setUp();
  }

  /** Moved by the client-side router: nothing to do, the element lives on. */
  connectedMoveCallback(): void {}

  disconnectedCallback(): void {
    this.teardownTimer = setTimeout(() => {
      if (this.isConnected) return;
      this.initialised = false;
      this.tearDown();
    }, 0);
  }
}
