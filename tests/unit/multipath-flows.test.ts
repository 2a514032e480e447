/**
 * ecmp-two-paths tries enough flows that a correct L4 spread never fails by chance: all FLOWS
 * flows take one of two equal paths once in 2^(FLOWS-1) Checks (once in 32,768 with the 16 it
 * tried before).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FLOWS, forwardedByProbe, routeGetSpreadProbe, spreadOf } from '../../graders/lib/multipath.ts';
import ecmp from '../../graders/ecmp-two-paths.ts';
import { parseCollectedState } from '../../src/state/collect.ts';

describe('the multipath probes', () => {
  it('try at least 32 flows, so a spread over two paths looks one-sided once in two billion Checks at most', () => {
    expect(FLOWS).toBeGreaterThanOrEqual(32);
  });

  it('ask ip route get for FLOWS flows, each with its own source port', () => {
    const { target } = routeGetSpreadProbe('spread', 'edge', '198.18.0.1');
    // The loop that writes the batch, run by the host's shell with cat in place of ip.
    const batch = execFileSync('sh', ['-c', target.replace(/\| ip -j -batch -$/, '| cat')], { encoding: 'utf8' }).trim().split('\n');
    expect(batch).toHaveLength(FLOWS);
    expect(new Set(batch.map((line) => /sport (\d+)/.exec(line)?.[1])).size).toBe(FLOWS);
  });

  it('send FLOWS datagrams, one source port each', () => {
    const { target } = forwardedByProbe('flows', 'edge', '198.18.0.1', ['r1', 'r2']);
    const ports = /\{(\d+)\.\.(\d+)\}/.exec(target);
    expect(ports, 'the ports the datagrams go to').not.toBeNull();
    expect(Number(ports![2]) - Number(ports![1]) + 1).toBe(FLOWS);
  });

  it('read both next hops from the recorded solution, which asked for FLOWS flows', () => {
    const output = readFileSync('tests/fixtures/graders/ecmp-two-paths/solution.txt', 'utf8');
    const state = parseCollectedState(output, ecmp.request);
    const decisions = state.probes['edge-spread']!.output.split('\n').filter((line) => line.startsWith('['));
    expect(decisions).toHaveLength(FLOWS);
    expect(spreadOf('edge-spread')(state)).toBe('via 10.0.1.2 and 10.0.2.2');
  });
});
