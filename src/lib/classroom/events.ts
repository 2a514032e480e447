/**
 * The window events the classroom reporter listens to: what a page announces when a learner
 * starts an exercise, gets a Check's report, opens a hint or reveals the solution. Pages
 * dispatch them whether or not the learner is in a workshop; without a workshop nothing
 * listens and nothing is sent anywhere.
 *
 * @example
 * announce(CHECK_REPORT_EVENT, { exercise: 'eth1-up', report });
 */
export const EXERCISE_STARTED_EVENT = 'stacklab:exercise-started';
export const CHECK_REPORT_EVENT = 'stacklab:check-report';
export const HINT_SHOWN_EVENT = 'stacklab:hint-shown';
export const SOLUTION_REVEALED_EVENT = 'stacklab:solution-revealed';

export interface CheckReportDetail {
  exercise: string;
  report: {
    status: 'pass' | 'fail' | 'error';
    score: number;
    maximum: number;
    checks: ReadonlyArray<{ id: string; title: string; status: 'pass' | 'fail' | 'skip' | 'error' }>;
    /** What a gradebook counts (an LMS score): the score and maximum without the checks given in the start state (earnedScore). */
    earned: { score: number; maximum: number };
  };
}

export interface ClassroomEventDetails {
  [EXERCISE_STARTED_EVENT]: { exercise: string };
  [CHECK_REPORT_EVENT]: CheckReportDetail;
  [HINT_SHOWN_EVENT]: { exercise: string; hint: number };
  [SOLUTION_REVEALED_EVENT]: { exercise: string };
}

export function announce<K extends keyof ClassroomEventDetails>(name: K, detail: ClassroomEventDetails[K]): void {
  window.dispatchEvent(new CustomEvent(name, { detail }));
}
