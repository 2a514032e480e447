/**
 * A page with no use for its VM any more (its exam went on in another browser) shuts it down:
 * a load under way is told to end its worker at once, a machine that arrives anyway is destroyed,
 * and nothing starts another.
 */
import { describe, expect, it, vi } from 'vitest';

let finishLoading: (machine: unknown) => void = () => undefined;
const loadMachine = vi.fn((_options: { signal?: AbortSignal }) => new Promise((resolve) => (finishLoading = resolve)));
vi.mock('../../src/lib/vm-loader.ts', () => ({ loadMachine }));
const { vmSession } = await import('../../src/lib/vm-session.ts');

describe('vmSession.shutDown', () => {
  it('destroys the machine that was loading once it arrives, stays idle, and starts no other', async () => {
    vmSession.start();
    expect(vmSession.status.state).toBe('loading');
    vmSession.shutDown();
    expect(vmSession.status.state).toBe('idle');
    expect(loadMachine.mock.calls[0]![0].signal?.aborted, 'the load under way was told to end its worker').toBe(true);
    const destroy = vi.fn(async () => undefined);
    const typed: string[] = [];
    finishLoading({ health: 'running', destroy, on: () => () => undefined, watchLiveness: () => () => undefined, terminalInput: (data: string) => void typed.push(data) });
    await vi.waitFor(() => expect(destroy).toHaveBeenCalledTimes(1));
    expect(vmSession.status.state).toBe('idle');
    expect(typed, 'the shut-down machine was used').toEqual([]);
    vmSession.start();
    vmSession.run('ip -br link');
    expect(loadMachine).toHaveBeenCalledTimes(1);
    expect(vmSession.status.state).toBe('idle');
  });
});
