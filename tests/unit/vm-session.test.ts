/**
 * The page's VM session once the machine is ready: the shell's prompt is drawn at once, by the
 * shell itself (^L to readline), before any command a Run button queued while it loaded, and
 * without waiting for the agent (whose queue a warm-up round may hold for seconds).
 */
import { describe, expect, it, vi } from 'vitest';

const typed: string[] = [];
vi.mock('../../src/lib/vm-loader.ts', () => ({
  loadMachine: async () => ({
    health: 'running',
    on: () => () => undefined,
    watchLiveness: () => () => undefined,
    terminalInput: (data: string) => void typed.push(data),
    // The agent never answers here: nothing the prompt needs may wait for it.
    exec: () => new Promise(() => undefined),
  }),
}));
const { vmSession, readyMachine } = await import('../../src/lib/vm-session.ts');

describe('vmSession once the VM is ready', () => {
  it('has the shell redraw its prompt with ^L before typing the commands queued while it loaded', async () => {
    vmSession.run('ip -br link');
    await readyMachine();
    // The warm-up's first round is still waiting for the agent, which never answers here.
    expect(typed).toEqual(['\x0c', 'ip -br link\n']);
  });
});
