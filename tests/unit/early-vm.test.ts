/**
 * The VM a lesson page asks for from its head (src/components/EarlyVm.astro) is taken over
 * once by the loader, and only while its worker is alive. The real early script runs in every
 * e2e test of a lesson page (tests/e2e/early-vm.test.ts says it was used).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { takeEarlyVm, type EarlyVm } from '../../src/lib/early-vm.ts';

class StandInWorker extends EventTarget {
  terminated = false;
  terminate(): void {
    this.terminated = true;
  }
}

function earlyVm(failed = false): EarlyVm & { worker: StandInWorker } {
  const worker = new StandInWorker();
  const early = { worker, requestedAt: 12, heard: [], failed, hear: () => undefined, fail: () => undefined };
  worker.addEventListener('message', early.hear);
  return early as unknown as EarlyVm & { worker: StandInWorker };
}

const page = globalThis as unknown as { window?: { stacklabEarlyVm?: EarlyVm | null } };

afterEach(() => {
  delete page.window;
});

describe('takeEarlyVm', () => {
  it('gives the early VM once, and leaves a mark so the early script starts no other', () => {
    const early = earlyVm();
    page.window = { stacklabEarlyVm: early };
    expect(takeEarlyVm()).toBe(early);
    expect(takeEarlyVm()).toBeUndefined();
    expect(page.window).toHaveProperty('stacklabEarlyVm', null);
    expect(early.worker.terminated).toBe(false);
  });

  it('ends an early worker that failed to load and gives nothing, so the loader starts its own', () => {
    const early = earlyVm(true);
    page.window = { stacklabEarlyVm: early };
    expect(takeEarlyVm()).toBeUndefined();
    expect(early.worker.terminated).toBe(true);
  });

  it('marks the page even where no early VM was started, so a late early script starts none', () => {
    page.window = {};
    expect(takeEarlyVm()).toBeUndefined();
    expect(page.window).toHaveProperty('stacklabEarlyVm', null);
  });
});
