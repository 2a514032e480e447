/**
 * <stacklab-topology>: the topology panel under the terminal (markup:
 * src/components/TopologyPanel.astro). It draws what the learner has built from the VM's
 * real state and keeps it current while it can be seen:
 *
 * - While the panel is open, on screen (IntersectionObserver) and the page visible, it
 *   refreshes through src/topology/watch.ts (a cheap check, and the full collection only
 *   when something changed), when src/topology/refresh-schedule.ts says: soon after the
 *   terminal's output pauses, often while the terminal is busy, less often once it has been
 *   quiet. Hidden, it asks the VM for nothing.
 * - Hovering or focusing an interface shows its addresses, routes and links; the arrow keys
 *   move between interfaces. "Text" swaps the picture for a list per namespace.
 * - In an exercise, "Target" draws the reference solution's recorded topology beside it.
 * - Changes are announced to screen readers in a few words.
 *
 * Like the terminal pane it is marked transition:persist, so it survives page changes.
 */
import { listen } from '../lib/events.ts';
import { activeExercise } from '../lib/exercise-session.ts';
import { clockTime } from '../lib/format-time.ts';
import { messageOf } from '../lib/message-of.ts';
import { readPreferences, writePreferences } from '../lib/preferences.ts';
import { vmSession } from '../lib/vm-session.ts';
import { stopWarmUp } from '../state/warm-up.ts';
import type { Topology } from '../topology/model.ts';
import { RefreshLoop } from '../topology/refresh-schedule.ts';
import { PersistentElement } from './persistent-element.ts';
import type { TopologyReader } from '../topology/reader.ts';
import type { GuestMachine } from '../vm/machine-api.ts';

type Library = typeof import('../topology/view.ts');

type Canvas = 'current' | 'target';

export class TopologyPanelElement extends PersistentElement {
  private onScreen = false;
  private observer?: IntersectionObserver;
  private unsubscribe?: () => void;
  private offEvents: Array<() => void> = [];
  private reader?: TopologyReader;
  /** The last reads of the VM, newest last (src/topology/reader.ts), for tests and diagnosis; the count is mirrored in data-refreshes. */
  get recentRefreshes() {
    return this.reader?.recent ?? [];
  }
  private current?: Topology;
  private target?: { id: string; topology?: Topology; error?: string };
  private readonly drawn = new Map<Canvas, Topology>();
  /** The interface whose details are open, and in which picture; none while they are hidden. */
  private detailsOf?: { canvas: Canvas; id: string };
  /** Set while a redraw puts focus back on the interface it had: that focus opens nothing by itself. */
  private refocusing = false;
  /** When to read the VM next (src/topology/refresh-schedule.ts). */
  private readonly loop = new RefreshLoop({
    refresh: () => this.refresh(),
    mayRun: () => this.active,
    onHeld: () => {
      if (!this.current && this.hasAttribute('data-open') && vmSession.status.state !== 'ready') this.setStatus('Waiting for the VM to start…');
    },
  });
  /** The machine whose terminal output is followed. */
  private outputMachine?: GuestMachine;
  private detachOutput?: () => void;
  /** The drawing code, loaded when the panel is first opened. */
  private lib?: Library;
  private loading?: Promise<Library>;
  /** The exercise whose target could be shown, if it is among data-targets. */
  private exerciseId?: string;

  protected setUp(): void {
    const preferences = readPreferences();
    this.toggleAttribute('data-open', preferences.topologyOpen);
    this.toggleAttribute('data-text', preferences.topologyText);
    for (const [target, type, listener] of this.listeners()) target.addEventListener(type, listener);
    this.offEvents = [listen('stacklab:vm-replaced', this.onVmReplaced), listen('stacklab:vm-reset', this.onVmReplaced)];
    this.unsubscribe = vmSession.on('status', () => {
      this.followTerminal();
      this.schedule(0);
    });
    this.followTerminal();
    this.observer = new IntersectionObserver((entries) => {
      this.onScreen = entries.some((e) => e.isIntersecting);
      this.schedule(0);
    });
    this.observer.observe(this.partNamed('body'));
    this.syncControls();
    this.onPageChange();
  }

  /** Every listener the panel adds while connected, so teardown removes the same ones. */
  private listeners(): Array<[EventTarget, string, EventListener]> {
    return [
      [this, 'click', this.onClick as EventListener],
      [this, 'pointerover', this.onPointerOver as EventListener],
      [this, 'pointerout', this.onPointerOut as EventListener],
      [this, 'focusin', this.onFocusIn as EventListener],
      [this, 'focusout', this.onFocusOut],
      [this, 'keydown', this.onKeyDown as EventListener],
      [document, 'visibilitychange', this.onVisibility],
      [document, 'astro:page-load', this.onPageChange],
    ];
  }

  /** Back after a page change: the exercise on the page may be another. */
  protected reconnected(): void {
    this.onPageChange();
  }

  protected tearDown(): void {
    this.loop.stop();
    for (const [target, type, listener] of this.listeners()) target.removeEventListener(type, listener);
    for (const off of this.offEvents) off();
    this.unsubscribe?.();
    this.detachOutput?.();
    this.outputMachine = undefined;
    this.observer?.disconnect();
  }

  /** Listens to the running machine's terminal output, to refresh often while the learner works. */
  private followTerminal(): void {
    const status = vmSession.status;
    const machine = status.state === 'ready' ? status.machine : undefined;
    if (machine === this.outputMachine) return;
    this.detachOutput?.();
    this.outputMachine = machine;
    this.detachOutput = machine?.on('terminal-output', this.onTerminalOutput);
  }

  /** Refresh when the output pauses: a command that just finished is read in one go, not half-way. */
  private readonly onTerminalOutput = () => this.loop.output();

  /** Whether refreshing is worth the VM's time now: open, on screen, page visible, VM running. */
  private get active(): boolean {
    return this.hasAttribute('data-open') && this.onScreen && document.visibilityState === 'visible' && vmSession.status.state === 'ready';
  }

  private schedule(delay?: number): void {
    this.loop.wake(delay);
  }

  /** One read of the VM (the loop runs it when it is due); false when it failed. */
  private async refresh(): Promise<boolean> {
    const status = vmSession.status;
    if (status.state !== 'ready') return false;
    // The panel reads the VM every moment it is open: a warm-up round in flight would delay the picture.
    stopWarmUp();
    try {
      const lib = await this.library();
      this.reader ??= new lib.TopologyReader();
      const read = this.reader.read(status.machine);
      this.dataset.refreshes = String(this.reader.count);
      const topology = await read;
      if (topology) this.show(topology);
      return true;
    } catch (error) {
      // A reset or restore in flight, or a busy guest: say so, and try again a little later.
      this.setStatus(`Could not read the VM (${messageOf(error)}); trying again.`);
      return false;
    }
  }

  private library(): Promise<Library> {
    this.loading ??= import('../topology/view.ts').then((lib) => {
      this.lib = lib;
      this.syncControls();
      return lib;
    });
    return this.loading;
  }

  private show(topology: Topology): void {
    const lib = this.lib!;
    const before = this.current;
    this.current = topology;
    this.dataset.updated = String(Date.now());
    this.draw('current', topology, 'Your VM now');
    this.setStatus(`${lib.topologySummary(topology)} · updated ${clockTime()}`);
    if (before) this.announce(lib.changeSentence(lib.describeChanges(before, topology)));
  }

  private draw(canvas: Canvas, topology: Topology, label: string): void {
    const lib = this.lib;
    if (!lib) return;
    const host = this.partNamed(canvas);
    const focused = host.contains(document.activeElement) ? (document.activeElement as HTMLElement).dataset.if : undefined;
    const detailsOpen = this.detailsOf;
    this.drawn.set(canvas, topology);
    this.refocusing = true;
    try {
      host.innerHTML = this.hasAttribute('data-text')
        ? lib.renderTopologyText(topology, 4)
        : lib.renderTopologySvg(topology, lib.layoutTopology(topology), { label });
      const pillOf = (within: HTMLElement, id: string) => within.querySelector<SVGGElement>(`[data-if="${CSS.escape(id)}"]`);
      const again = focused ? pillOf(host, focused) : null;
      if (again) this.moveFocus(host, again);
      // The details stay open on the interface they were open for, with its new facts and in its
      // new place (the other picture may have moved it too); closed ones (Escape) stay closed.
      if (detailsOpen) {
        const stillThere = pillOf(this.partNamed(detailsOpen.canvas), detailsOpen.id);
        if (stillThere) this.showDetails(stillThere);
        else this.hideDetails();
      }
    } finally {
      this.refocusing = false;
    }
  }

  private redraw(): void {
    if (this.current) this.draw('current', this.current, 'Your VM now');
    if (this.target?.topology) this.draw('target', this.target.topology, 'Target');
  }

  /** Which exercise's target can be offered: the one set up in the VM, else the first on the page. */
  private readonly onPageChange = () => {
    const id = activeExercise() ?? document.querySelector('stacklab-exercise[exercise]')?.getAttribute('exercise') ?? undefined;
    if (id !== this.exerciseId) {
      this.exerciseId = id;
      this.target = undefined;
      this.setTargetShown(false);
    }
    this.syncControls();
  };

  /** The VM was reset or restored (for an exercise, or by Reset VM): read it afresh. */
  private readonly onVmReplaced = () => {
    this.reader?.invalidate();
    this.onPageChange();
    this.schedule(0);
  };

  private readonly onVisibility = () => this.schedule(0);

  private readonly onClick = (event: MouseEvent) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
    if (!button || !this.contains(button)) return;
    switch (button.dataset.action) {
      case 'toggle': {
        const open = !this.hasAttribute('data-open');
        this.toggleAttribute('data-open', open);
        writePreferences({ topologyOpen: open });
        if (open) this.schedule(0);
        break;
      }
      case 'text': {
        const text = !this.hasAttribute('data-text');
        this.toggleAttribute('data-text', text);
        writePreferences({ topologyText: text });
        this.redraw();
        break;
      }
      case 'target':
        this.setTargetShown(this.partNamed('target-view').hidden);
        break;
    }
    this.syncControls();
  };

  private setTargetShown(shown: boolean): void {
    const view = this.partNamed('target-view');
    view.hidden = !shown;
    if (!shown || !this.target) return;
    const target = this.target;
    this.partNamed('target-caption').textContent = `Target: the reference solution of ${target.id}`;
    if (target.topology) return this.draw('target', target.topology, 'Target');
    this.partNamed('target').innerHTML = '<p class="topology-empty">Loading the target…</p>';
    this.library()
      .then((lib) => lib.loadTarget(target.id))
      .then(
      (topology) => {
        target.topology = topology;
        if (this.target === target && !view.hidden) this.draw('target', topology, 'Target');
      },
      (error: unknown) => {
        const message = document.createElement('p');
        message.className = 'topology-empty';
        message.textContent = `The target picture is not available: ${messageOf(error)}.`;
        this.partNamed('target').replaceChildren(message);
      },
    );
  }

  private syncControls(): void {
    const open = this.hasAttribute('data-open');
    const toggle = this.partNamed('toggle-button');
    toggle.setAttribute('aria-expanded', String(open));
    toggle.setAttribute('title', open ? 'Hide the topology' : 'Show what you have built, from the VM');
    this.partNamed('text-button').setAttribute('aria-pressed', String(this.hasAttribute('data-text')));
    const targets = (this.dataset.targets ?? '').split(' ');
    if (!this.target && this.exerciseId && targets.includes(this.exerciseId)) this.target = { id: this.exerciseId };
    const targetButton = this.partNamed('target-button');
    targetButton.hidden = !this.target;
    targetButton.setAttribute('aria-pressed', String(!this.partNamed('target-view').hidden));
    if (!open) this.setStatus('');
    else if (!this.current) this.setStatus(vmSession.status.state === 'ready' ? 'Reading the VM…' : 'Waiting for the VM to start…');
  }

  // ---- Details of an interface, on hover or focus ----

  private readonly onPointerOver = (event: PointerEvent) => {
    const pill = (event.target as Element).closest<SVGGElement>('g[data-if]');
    if (pill) this.showDetails(pill);
  };

  private readonly onPointerOut = (event: PointerEvent) => {
    const pill = (event.target as Element).closest('g[data-if]');
    if (pill && !pill.contains(event.relatedTarget as Node | null) && document.activeElement !== pill) this.hideDetails();
  };

  private readonly onFocusIn = (event: FocusEvent) => {
    if (this.refocusing) return;
    const pill = (event.target as Element).closest<SVGGElement>('g[data-if]');
    if (pill) this.showDetails(pill);
  };

  private readonly onFocusOut = () => {
    if (!this.refocusing) this.hideDetails();
  };

  private readonly onKeyDown = (event: KeyboardEvent) => {
    const pill = (event.target as Element).closest<SVGGElement>('g[data-if]');
    if (!pill) return;
    if (event.key === 'Escape') return this.hideDetails();
    const pills = [...(pill.ownerSVGElement?.querySelectorAll<SVGGElement>('g[data-if]') ?? [])];
    const index = pills.indexOf(pill);
    const next = { ArrowDown: index + 1, ArrowRight: index + 1, ArrowUp: index - 1, ArrowLeft: index - 1, Home: 0, End: pills.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const to = pills[Math.max(0, Math.min(pills.length - 1, next))];
    if (to) this.moveFocus(pill.ownerSVGElement!, to);
  };

  /** Roving focus: one interface of a diagram is in the tab order, the one last focused. */
  private moveFocus(within: Element, to: SVGGElement): void {
    for (const pill of within.querySelectorAll('g[data-if]')) pill.setAttribute('tabindex', pill === to ? '0' : '-1');
    to.focus();
  }

  private showDetails(pill: SVGGElement): void {
    const canvas = pill.closest<HTMLElement>('[data-part="current"], [data-part="target"]');
    const topology = canvas && this.drawn.get(canvas.dataset.part as Canvas);
    const id = pill.dataset.if;
    if (!topology || !id || !topology.interfaces[id] || !this.lib) return;
    const description = this.lib.describeInterface(topology, id);
    const details = this.partNamed('details');
    details.innerHTML = this.lib.renderDetails(description);
    details.hidden = false;
    const body = this.partNamed('body');
    const area = body.getBoundingClientRect();
    const box = pill.getBoundingClientRect();
    const left = Math.max(4, Math.min(box.left - area.left + body.scrollLeft, body.scrollLeft + body.clientWidth - details.offsetWidth - 4));
    const below = box.bottom - area.top + body.scrollTop + 4;
    const above = box.top - area.top + body.scrollTop - details.offsetHeight - 4;
    details.style.left = `${left}px`;
    details.style.top = `${below + details.offsetHeight > body.scrollTop + body.clientHeight && above > body.scrollTop ? above : below}px`;
    for (const path of pill.ownerSVGElement?.querySelectorAll<SVGPathElement>('path[data-from]') ?? []) {
      path.classList.toggle('is-active', path.dataset.from === id || path.dataset.to === id);
    }
    pill.setAttribute('aria-describedby', details.id);
    this.detailsOf = { canvas: canvas.dataset.part as Canvas, id };
  }

  private hideDetails(): void {
    this.detailsOf = undefined;
    this.partNamed('details').hidden = true;
    for (const path of this.querySelectorAll('path.is-active')) path.classList.remove('is-active');
  }

  private setStatus(text: string): void {
    this.partNamed('status').textContent = text;
  }

  private announce(text: string): void {
    if (text) this.partNamed('announce').textContent = text;
  }

  /** An element of the panel's markup (TopologyPanel.astro), by its data-part name. */
  private partNamed(name: string): HTMLElement {
    const element = this.querySelector<HTMLElement>(`[data-part="${name}"]`);
    if (!element) throw new Error(`<stacklab-topology> is missing its [data-part="${name}"] element; see TopologyPanel.astro.`);
    return element;
  }
}
