/**
 * vxlan-overlay's "encapsulated" check reads vxlan0's counters around a ping. Right after the
 * overlay's link comes up, vxlan0 also carries its own IPv6 chatter (router solicitations, MLD
 * reports: 70-110 bytes each), which once counted as the ping going out over the overlay: a
 * learner whose ping took the underlay was told "sent, received nothing" instead of "sent
 * nothing" (seen once in CI). Recorded states from the real guest, with such a packet added to
 * the counters.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradeOutput } from '../../src/grading/grade.ts';
import { graderFor } from '../../src/grading/grader.ts';
import { loadGraders } from '../../src/grading/registry.ts';

const { 'vxlan-overlay': grader } = await loadGraders(['vxlan-overlay']);
const recorded = (name: string) => readFileSync(`tests/fixtures/graders/vxlan-overlay/${name}.txt`, 'utf8');

/** The recording with vxlan0's counters after the ping changed by `change` (the second of the probe's two JSON lines). */
function withCountersAfter(output: string, change: (stats: { rx: { bytes: number; packets: number }; tx: { bytes: number; packets: number } }) => void): string {
  const start = output.indexOf('probe:site1-vxlan0-counters');
  const lines = output.slice(start).split('\n');
  const after = lines.findIndex((line, i) => i > 1 && line.startsWith('['));
  const links = JSON.parse(lines[after]!) as Array<{ stats64: Parameters<typeof change>[0] }>;
  change(links[0]!.stats64);
  lines[after] = JSON.stringify(links);
  return output.slice(0, start) + lines.join('\n');
}

const encapsulated = (output: string) => gradeOutput(graderFor(grader!), output).checks.find((c) => c.id === 'encapsulated')!;

describe('vxlan-overlay: encapsulated', () => {
  it('does not take the overlay’s own IPv6 chatter for the ping, when the ping went around it', () => {
    const chatter = withCountersAfter(recorded('wrong-routed-around'), ({ tx }) => {
      tx.bytes += 76;
      tx.packets += 1;
    });
    const check = encapsulated(chatter);
    expect(check.status).toBe('fail');
    expect(check.message).toMatch(/vxlan0 in site1 sent nothing: the ping took another way/);
  });

  it('still sees the ping go out and its answer come in, with chatter beside them', () => {
    const chatter = withCountersAfter(recorded('solution'), ({ rx, tx }) => {
      tx.bytes += 90;
      rx.bytes += 76;
    });
    expect(encapsulated(chatter).status).toBe('pass');
  });

  it('says the answer never came back when only the ping went out, whatever chatter came in', () => {
    // The recorded answer was 1228 bytes; keep a 76-byte packet of chatter in its place.
    const noAnswer = withCountersAfter(recorded('solution'), ({ rx }) => {
      rx.bytes -= 1228 - 76;
    });
    const check = encapsulated(noAnswer);
    expect(check.status).toBe('fail');
    expect(check.message).toMatch(/vxlan0 in site1 sent, received nothing/);
  });
});
