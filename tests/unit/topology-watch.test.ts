/**
 * The topology's refresh: the cheap check decides when the full collection runs; the scripts
 * start no process where they must not; recorded collection output parses with the host nsids.
 */
import { describe, expect, it } from 'vitest';
import { buildCollectionScript } from '../../src/state/collect.ts';
import { TOPOLOGY_REQUEST } from '../../src/topology/model.ts';
import {
  COLLECTION_SCRIPT,
  FINGERPRINT_SCRIPT,
  QUICK_COLLECTION_SCRIPT,
  parseFingerprint,
  parseTopologyOutput,
  TopologyFeed,
  type ExecReply,
} from '../../src/topology/watch.ts';
import { TopologyReader } from '../../src/topology/reader.ts';
import type { Machine } from '../../src/vm/machine.ts';
import { sceneOutput } from '../fixtures/topology/load.ts';

const recorded = sceneOutput('router-ns');

/** A fake guest: answers the check with `print`, the collection with a recording; counts both. */
function fakeGuest(print: () => string) {
  const calls: string[] = [];
  const exec = async (command: string): Promise<ExecReply> => {
    const kind = command === FINGERPRINT_SCRIPT ? 'check' : command === COLLECTION_SCRIPT ? 'collect' : command === QUICK_COLLECTION_SCRIPT ? 'quick' : 'other';
    calls.push(kind);
    if (kind === 'other') throw new Error(`unexpected command: ${command.slice(0, 60)}`);
    return { stdout: kind === 'check' ? print() : recorded, exitCode: 0, durationMs: 12 };
  };
  return { exec, calls };
}

describe('TopologyFeed', () => {
  it('collects first, then only checks while nothing changes', async () => {
    const guest = fakeGuest(() => 'watch=up events=0 ns=left right router \n');
    const feed = new TopologyFeed(guest.exec);
    const first = await feed.refresh();
    expect(first.changed).toBe(true);
    expect(first.reading!.state.netns).toEqual(['left', 'right', 'router']);
    expect((await feed.refresh()).changed).toBe(false);
    expect((await feed.refresh()).agentMs).toEqual([12]);
    expect(guest.calls).toEqual(['collect', 'check', 'check']);
  });

  it('collects without the nsids when only the inside of known namespaces changed, and keeps the last ones', async () => {
    let answer = 'watch=up events=0 ns=left right router ';
    const guest = fakeGuest(() => answer);
    const feed = new TopologyFeed(guest.exec);
    const first = await feed.refresh();
    answer = 'watch=up events=1 ns=left right router ';
    const second = await feed.refresh();
    expect(guest.calls).toEqual(['collect', 'check', 'quick']);
    expect(second.reading!.hostNsids).toEqual(first.reading!.hostNsids);
  });

  it.each([
    ['a namespace appeared', 'watch=up events=0 ns=left right router extra '],
    ['the watcher is not running (after a reset)', 'watch=down events=0 ns=left right router '],
    ['the check printed something else', 'garbage'],
  ])('collects again when %s', async (_, print) => {
    let answer = 'watch=up events=0 ns=left right router ';
    const guest = fakeGuest(() => answer);
    const feed = new TopologyFeed(guest.exec);
    await feed.refresh();
    answer = print;
    const result = await feed.refresh();
    expect(result.changed).toBe(true);
    expect(result.agentMs).toEqual([12, 12]);
    expect(guest.calls).toEqual(['collect', 'check', 'collect']);
  });

  it('collects again after invalidate(), and after a refresh that failed', async () => {
    const guest = fakeGuest(() => 'watch=up events=0 ns=left right router ');
    let fail = false;
    const feed = new TopologyFeed(async (command) => {
      if (fail && command === COLLECTION_SCRIPT) throw new Error('vm-reset');
      return guest.exec(command);
    });
    await feed.refresh();
    feed.invalidate();
    expect((await feed.refresh()).changed).toBe(true);
    fail = true;
    feed.invalidate();
    await expect(feed.refresh()).rejects.toThrow('vm-reset');
    fail = false;
    expect((await feed.refresh()).changed).toBe(true);
  });

  it('does not trust a collection that was under way when invalidate() was called', async () => {
    const guest = fakeGuest(() => 'watch=up events=0 ns=left right router ');
    let feed: TopologyFeed;
    let invalidateDuring = true;
    feed = new TopologyFeed(async (command) => {
      const reply = await guest.exec(command);
      if (command === COLLECTION_SCRIPT && invalidateDuring) feed.invalidate();
      return reply;
    });
    await feed.refresh();
    invalidateDuring = false;
    expect((await feed.refresh()).changed).toBe(true);
    expect((await feed.refresh()).changed).toBe(false);
  });
});

describe('the scripts', () => {
  it('check with shell builtins only: no process is started', () => {
    // Every command word of the check must be a builtin of busybox ash.
    const builtins = new Set(['d', 'p', 'c', 'w', 'e', '[', 'read', 'printf', 'for', 'do', 'done', 'echo', 'then', 'fi', 'if']);
    const words = FINGERPRINT_SCRIPT.split(/[;\n]|&&|\|\|/)
      .map((part) => part.trim().split(/[\s=]/)[0]!)
      .filter(Boolean);
    expect(words.filter((w) => !builtins.has(w))).toEqual([]);
    expect(FINGERPRINT_SCRIPT).not.toMatch(/\$\(|`|\|[^|]/);
  });

  it('run the same collection the graders use, after starting the watcher and giving namespaces nsids', () => {
    expect(COLLECTION_SCRIPT).toContain('ip -o monitor all-nsid link address route');
    expect(COLLECTION_SCRIPT).toContain('netns set');
    expect(COLLECTION_SCRIPT.endsWith(buildCollectionScript(TOPOLOGY_REQUEST))).toBe(true);
  });

  it("skip the graders' look at the learner's shell, which reads every process", () => {
    expect(COLLECTION_SCRIPT).not.toContain('m terminal');
    expect(buildCollectionScript({})).toContain('m terminal');
    expect(buildCollectionScript({ terminal: true })).toContain('m terminal');
  });
});

describe('parsing', () => {
  it('reads the check line', () => {
    expect(parseFingerprint('watch=up events=1 ns=a b \n')).toEqual({ watching: true, events: true, namespaces: 'a b' });
    expect(parseFingerprint('watch=down events=0 ns=\n')).toEqual({ watching: false, events: false, namespaces: '' });
    expect(parseFingerprint('sh: syntax error')).toBeUndefined();
  });

  it('reads the host nsids that come before the collected state', () => {
    const reading = parseTopologyOutput(recorded);
    expect(Object.keys(reading.hostNsids ?? {}).sort()).toEqual(['left', 'right', 'router']);
    expect(new Set(Object.values(reading.hostNsids!)).size).toBe(3);
  });

  it('does without them when they are missing or garbled', () => {
    const without = recorded.replace(/\n\x1etopology-nsids\n[^\x1e]*/, '');
    expect(parseTopologyOutput(without).hostNsids).toBeUndefined();
    expect(parseTopologyOutput(recorded.replace(/("name":)/, '$1{')).hostNsids).toBeUndefined();
  });
});

describe("TopologyReader (the panel's reads)", () => {
  const machineOf = (guest: ReturnType<typeof fakeGuest>) => ({ exec: (command: string) => guest.exec(command) }) as unknown as Machine;

  it('gives the picture the first time and after a change, nothing while nothing changed, and keeps the last 20 reads', async () => {
    let answer = 'watch=up events=0 ns=left right router ';
    const guest = fakeGuest(() => answer);
    const reader = new TopologyReader();
    const machine = machineOf(guest);
    expect((await reader.read(machine))?.namespaces.map((n) => n.name)).toEqual(['', 'left', 'right', 'router']);
    expect(await reader.read(machine)).toBeUndefined();
    answer = 'watch=up events=0 ns=left right router extra ';
    expect(await reader.read(machine)).toBeDefined();
    answer = 'watch=up events=0 ns=left right router ';
    for (let i = 0; i < 25; i++) await reader.read(machine);
    expect(reader.count).toBe(28);
    expect(reader.recent).toHaveLength(20);
    expect(reader.recent.map((r) => r.changed).slice(-2)).toEqual([false, false]);
  });

  it('starts afresh on another machine (a reload of the VM), and after a failed read', async () => {
    const guest = fakeGuest(() => 'watch=up events=0 ns=left right router ');
    const reader = new TopologyReader();
    await reader.read(machineOf(guest));
    expect(await reader.read(machineOf(guest))).toBeDefined();
    let fail = true;
    const flaky = { exec: async (command: string) => (fail ? Promise.reject(new Error('agent-restarted')) : guest.exec(command)) } as unknown as Machine;
    await expect(reader.read(flaky)).rejects.toThrow('agent-restarted');
    fail = false;
    expect(await reader.read(flaky)).toBeDefined();
    expect(guest.calls).toEqual(['collect', 'collect', 'collect']);
  });
});
