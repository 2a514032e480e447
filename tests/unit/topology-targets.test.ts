/** The exercises' target pictures: built at build time from their recordings, fetched by the panel. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listExerciseIds } from '../../src/exercises/load.ts';
import { targetIds, targetTopology } from '../../src/topology/target-recordings.ts';
import { loadTarget } from '../../src/topology/targets.ts';

describe('target recordings', () => {
  it('exist for every exercise and for exercises only, and each builds a topology with the host in it', () => {
    expect(targetIds()).toEqual([...listExerciseIds()].sort());
    for (const id of targetIds()) {
      const topology = targetTopology(id);
      expect(topology.namespaces[0]!.name).toBe('');
      expect(JSON.parse(JSON.stringify(topology))).toEqual(topology);
    }
  });

  it('refuses an exercise without one, naming those that have one', () => {
    expect(() => targetTopology('no-such-exercise')).toThrow(/Expected one of: .*bridge-three/);
  });
});

describe('loadTarget', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('fetches /topology/<id>.json and checks it is a topology', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify(targetTopology('bridge-three'))));
    vi.stubGlobal('fetch', fetch);
    expect((await loadTarget('bridge-three')).interfaces['/br0']).toBeDefined();
    expect(fetch).toHaveBeenCalledWith('/topology/bridge-three.json');
  });

  it('says what went wrong when the file is missing or not a topology', async () => {
    vi.stubGlobal('fetch', async () => new Response('nope', { status: 404 }));
    await expect(loadTarget('x')).rejects.toThrow('HTTP 404');
    vi.stubGlobal('fetch', async () => new Response('{"hello":1}'));
    await expect(loadTarget('x')).rejects.toThrow('not a topology');
  });
});
