import { afterEach, describe, expect, it } from 'vitest';
import { CHECK_PHASES, LOAD_PHASES, PHASE_NAMES, RESUME_PHASES, SAVE_PHASES, forwardPhases, latestPhases, measurePhase, phaseName, recordForwardedPhase, timePhase, type ForwardedPhase } from '../../src/vm/perf-marks.ts';

const measures = (name: string) => performance.getEntriesByName(name, 'measure');

describe('perf-marks', () => {
  afterEach(() => performance.clearMeasures());

  it('names every phase once, as stacklab:<group>:<phase>', () => {
    expect(phaseName('load', 'first-echo')).toBe('stacklab:load:first-echo');
    expect(phaseName('check', 'queue-wait')).toBe('stacklab:check:queue-wait');
    expect(phaseName('save', 'gzip')).toBe('stacklab:save:gzip');
    expect(phaseName('resume', 'gunzip')).toBe('stacklab:resume:gunzip');
    expect(PHASE_NAMES).toHaveLength(LOAD_PHASES.length + CHECK_PHASES.length + SAVE_PHASES.length + RESUME_PHASES.length);
    expect(new Set(PHASE_NAMES).size).toBe(PHASE_NAMES.length);
  });

  it('records a phase with the start and duration given, and keeps only the latest', () => {
    const start = performance.now();
    measurePhase('check', 'guest', start, 12.5, { note: 'first' });
    measurePhase('check', 'guest', start + 1, 40);
    const [entry, ...rest] = measures('stacklab:check:guest');
    expect(rest).toEqual([]);
    expect(entry!.duration).toBeCloseTo(40, 5);
    expect(entry!.startTime).toBeCloseTo(start + 1, 5);
  });

  it("forwards each phase in wall-clock time, and records a forwarded one on this thread's timeline", () => {
    const sent: ForwardedPhase[] = [];
    forwardPhases((phase) => sent.push(phase));
    try {
      measurePhase('load', 'restore', 200, 340, { from: 'state' });
    } finally {
      forwardPhases(undefined);
    }
    measurePhase('load', 'restore', 300, 10); // no longer forwarded
    expect(sent).toEqual([{ name: 'stacklab:load:restore', startEpochMs: performance.timeOrigin + 200, duration: 340, detail: { from: 'state' } }]);
    performance.clearMeasures();
    // A worker whose time origin is 150 ms after this thread's measured its phase from 50 ms.
    recordForwardedPhase({ name: 'stacklab:load:first-reply', startEpochMs: performance.timeOrigin + 150 + 50, duration: 20 });
    recordForwardedPhase({ name: 'not-a-phase' as never, startEpochMs: performance.timeOrigin, duration: 1 });
    expect(measures('stacklab:load:first-reply').map(({ startTime, duration }) => ({ startTime, duration }))).toEqual([{ startTime: 200, duration: 20 }]);
    expect(measures('not-a-phase')).toEqual([]);
  });

  it('measures until now without a duration, never negative', () => {
    const start = performance.now() - 25;
    expect(measurePhase('load', 'fetch', start)).toBeGreaterThanOrEqual(25);
    expect(measurePhase('check', 'transfer', performance.now(), -3)).toBe(0);
  });

  it('times work that throws as well as work that succeeds', async () => {
    await expect(timePhase('load', 'restore', async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('the restore failed');
    })).rejects.toThrow('the restore failed');
    expect(measures('stacklab:load:restore')[0]!.duration).toBeGreaterThanOrEqual(15);
    expect(await timePhase('load', 'first-reply', () => 7)).toBe(7);
    expect(measures('stacklab:load:first-reply')).toHaveLength(1);
  });

  it('picks the latest measure of each known phase from entries read elsewhere, ignoring others', () => {
    const latest = latestPhases([
      { name: 'stacklab:load:fetch', startTime: 10, duration: 100 },
      { name: 'stacklab:load:fetch', startTime: 500, duration: 30 },
      { name: 'stacklab:collect', startTime: 600, duration: 9 },
      { name: 'stacklab:check:draw', startTime: 700, duration: 4 },
    ]);
    expect(latest).toEqual({ 'stacklab:load:fetch': { startTime: 500, duration: 30 }, 'stacklab:check:draw': { startTime: 700, duration: 4 } });
  });
});
