/** A lesson's summary line of a Check: how many checks pass, and how many of those the set-up made true. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradeOutput } from '../../src/grading/grade.ts';
import { graderFor } from '../../src/grading/grader.ts';
import { loadGraders } from '../../src/grading/registry.ts';
import { reportSummary, type Report } from '../../src/grading/report.ts';

const graders = await loadGraders(['fix-two-faults', 'netns-red-blue']);
const recorded = (id: string, state: string) => gradeOutput(graderFor(graders[id]!), readFileSync(`tests/fixtures/graders/${id}/${state}.txt`, 'utf8'));
const check = (id: string, status: 'pass' | 'fail', given?: boolean): Report['checks'][number] => ({ id, title: id, status, weight: 1, message: '', ...(given ? { given } : {}) });
const failing = (checks: Report['checks']): Report => ({ exercise: 'x', status: 'fail', score: checks.filter((c) => c.status === 'pass').length, maximum: checks.length, checks });

describe('the summary of a Check in a lesson', () => {
  it('says an untouched troubleshooting lab passes only what the set-up made true', () => {
    expect(reportSummary(recorded('fix-two-faults', 'start'))).toBe("Not yet: 3 of 6 checks pass, all of them true since the set-up: none of the task's own yet. Score 3/8.");
  });

  it('counts without a word on the set-up where no passing check is the set-up\'s', () => {
    expect(reportSummary(recorded('netns-red-blue', 'start'))).toMatch(/^Not yet: 0 of \d+ checks pass\. Score 0\/\d+\.$/);
    expect(reportSummary(failing([check('a', 'pass'), check('b', 'fail')]))).toBe('Not yet: 1 of 2 checks pass. Score 1/2.');
  });

  it('says how many of the passing checks the set-up made true, and names the one', () => {
    expect(reportSummary(failing([check('kept', 'pass', true), check('made', 'pass'), check('b', 'fail')]))).toBe('Not yet: 2 of 3 checks pass, 1 of them true since the set-up. Score 2/3.');
    expect(reportSummary(failing([check('kept', 'pass', true), check('b', 'fail')]))).toBe("Not yet: 1 of 2 checks pass, the one true since the set-up: none of the task's own yet. Score 1/2.");
  });

  it('says passed, or for an error what to do next', () => {
    expect(reportSummary(recorded('fix-two-faults', 'solution'))).toMatch(/^Passed: all \d+ checks pass\. Score 8\/8\.$/);
    expect(reportSummary({ exercise: 'x', status: 'error', score: 0, maximum: 2, message: 'agent-timeout', checks: [] })).toMatch(/^The check could not be completed: agent-timeout\. Press Check again/);
  });
});
