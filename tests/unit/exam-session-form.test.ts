/** The examiner's "Open an exam session" form, as the request it sends: only what was filled in, checked by the server's own schema. */
import { describe, expect, it } from 'vitest';
import { lmsLine, openSessionRequest, sittingsLine } from '../../src/lib/exam-server/sessions-view.ts';
import { openExamSessionSchema } from '../../src/server/exam-schemas.ts';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};
const empty = { exam: 'foundations-practical', minutes: '', accessCode: '', opensAt: '', closesAt: '', candidates: '' };

describe('the open-a-session form', () => {
  it('sends the exam alone when nothing else is filled in, and the server takes it', () => {
    const request = openSessionRequest(form(empty));
    expect(request).toEqual({ exam: 'foundations-practical' });
    expect(openExamSessionSchema.safeParse(request).success).toBe(true);
  });

  it('sends the time limit as a number, the access code trimmed, the times as instants and one candidate per non-empty line', () => {
    const request = openSessionRequest(form({ ...empty, minutes: '30', accessCode: ' ROOM-42 ', opensAt: '2026-12-10T09:00', closesAt: '2026-12-10T10:30', candidates: 'Ana Lima\r\n\n  Bo  \n' }));
    expect(request).toEqual({
      exam: 'foundations-practical',
      minutes: 30,
      accessCode: 'ROOM-42',
      opensAt: new Date('2026-12-10T09:00').toISOString(),
      closesAt: new Date('2026-12-10T10:30').toISOString(),
      candidates: ['Ana Lima', 'Bo'],
    });
    expect(openExamSessionSchema.safeParse(request).success).toBe(true);
  });

  it('leaves a closing before the opening to the server, which says why', () => {
    const request = openSessionRequest(form({ ...empty, opensAt: '2026-12-10T10:00', closesAt: '2026-12-10T09:00' }));
    const refused = openExamSessionSchema.safeParse(request);
    expect(refused.error?.issues[0]?.message).toBe('The time until which sittings may start (closesAt) must be after the time they may start from (opensAt).');
  });
});

describe("a session's sittings in the examiner's list", () => {
  const none = { inProgress: 0, grading: 0, graded: 0, notGraded: 0 };
  it('says there are none yet, before anyone starts', () => {
    expect(sittingsLine(none)).toBe('no sittings yet');
  });
  it('counts them all, then names only the states some sitting is in, in the order a sitting goes through them', () => {
    expect(sittingsLine({ ...none, inProgress: 1 })).toBe('1 sitting: 1 in progress');
    expect(sittingsLine({ inProgress: 2, grading: 0, graded: 5, notGraded: 1 })).toBe('8 sittings: 2 in progress, 5 graded, 1 could not be graded');
    expect(sittingsLine({ ...none, grading: 3 })).toBe('3 sittings: 3 being graded');
  });
});

describe("a session's LMS gradebook scores in the list", () => {
  it('counts the scores sent, and names those waiting and those given up with where to retry them', () => {
    expect(lmsLine({ posted: 1, pending: 0, gaveUp: 0 })).toBe('LMS gradebook: 1 score sent');
    expect(lmsLine({ posted: 4, pending: 1, gaveUp: 1 })).toBe('LMS gradebook: 4 scores sent, 1 waiting to be sent, 1 not sent (retry it on the results page)');
    expect(lmsLine({ posted: 0, pending: 0, gaveUp: 2 })).toBe('LMS gradebook: 0 scores sent, 2 not sent (retry them on the results page)');
  });
});
