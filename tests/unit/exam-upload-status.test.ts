/** The sit page's words about its uploads: every task's last one in full, what the server still has after a failure, and the exam bar's few words. */
import { describe, expect, it } from 'vitest';
import { failedOutcome, savedOutcome, sendingOutcome, uploadStatus } from '../../src/lib/exam-server/upload-status.ts';

const OFFLINE = 'The exam server cannot be reached; check your connection. Your work is kept in this browser meanwhile.';

describe('the exam upload status', () => {
  it('says every task saved, in task order, and that all the work is on the server', () => {
    const status = uploadStatus([savedOutcome('Task 10', '10:05:00'), savedOutcome('Task 2', '10:02:11')], undefined);
    expect(status).toEqual({
      kind: 'saved',
      message: 'Task 2 saved on the exam server at 10:02:11. Task 10 saved on the exam server at 10:05:00.',
      summary: 'All your work is on the exam server',
    });
  });

  it('says nothing in the bar before any upload', () => {
    expect(uploadStatus([], undefined)).toEqual({ kind: 'saved', message: '', summary: '' });
  });

  it('says an upload is under way beside the time the server last saved the task, or as a retry after a failure', () => {
    const first = sendingOutcome('Task 1', undefined);
    expect(first.text).toBe('Task 1: sending it to the exam server…');
    const newer = sendingOutcome('Task 1', savedOutcome('Task 1', '10:02:11'));
    expect(newer).toMatchObject({ sending: true, savedAt: '10:02:11', text: 'Task 1 saved on the exam server at 10:02:11; sending newer work…' });
    const retry = sendingOutcome('Task 1', failedOutcome('Task 1', OFFLINE, { offline: true, savedAt: '10:02:11' }));
    expect(retry).toMatchObject({ sending: true, savedAt: '10:02:11', text: 'Task 1: trying again to save it on the exam server…' });
    expect(uploadStatus([newer, savedOutcome('Task 2', '10:03:00')], undefined)).toMatchObject({ kind: 'sending', summary: 'Sending your work to the exam server…' });
  });

  it('says, after a failed upload, from when the server has the task, or that it has none of it', () => {
    const kept = failedOutcome('Task 1', OFFLINE, { offline: true, savedAt: '10:02:11' });
    expect(kept.text).toBe(
      'Task 1 could not be saved on the exam server: The exam server cannot be reached; check your connection. Your work is kept in this browser meanwhile. The exam server has your work on it from 10:02:11.',
    );
    const none = failedOutcome('Task 2', 'The server answered 503 Service Unavailable; try again in a moment');
    expect(none.text).toBe('Task 2 could not be saved on the exam server: The server answered 503 Service Unavailable; try again in a moment. The exam server has none of your work on it yet.');
  });

  it('puts a failure first in the bar, naming the tasks when only some failed, with the next try in the full line', () => {
    const failed = failedOutcome('Task 2', OFFLINE, { offline: true });
    const some = uploadStatus([savedOutcome('Task 1', '10:02:11'), failed, sendingOutcome('Task 3', undefined)], 5_000);
    expect(some.kind).toBe('save-failed');
    expect(some.summary).toBe('Task 2: your latest work is not on the exam server yet; trying again');
    expect(some.message).toMatch(/^Task 1 saved .* Task 2 could not be saved .* Task 3: sending it to the exam server… Trying again in 5 s, or as soon as your connection is back\.$/);
    const all = uploadStatus([failedOutcome('Task 1', 'Refused.', { savedAt: '10:00:00' })], undefined);
    expect(all).toMatchObject({ kind: 'save-failed', summary: 'Your latest work is not on the exam server yet' });
    expect(all.message).not.toMatch(/Trying again/);
  });
});
