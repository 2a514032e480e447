/** The exam tables (migration 0002-exam-sessions), as Kysely sees them; schema.ts's Database includes them. */
import type { Generated } from 'kysely';

export interface ExamSessionsTable {
  id: Generated<number>;
  /** The public id in the sit and dashboard links. */
  code: string;
  exam_id: string;
  exam_version: number;
  instructor_id: number;
  time_limit_ms: number;
  opens_at: number | null;
  closes_at: number | null;
  /** Null when no access code is needed. */
  access_code: string | null;
  /** JSON array of the names allowed to sit; null when anyone with the link (and code) may. */
  candidates: string | null;
  created_at: number;
}

/** sitting | queued | grading | graded | invalid | error */
export type GradeStatus = 'sitting' | 'queued' | 'grading' | 'graded' | 'invalid' | 'error';

export interface ExamSittingsTable {
  id: Generated<number>;
  session_id: number;
  candidate: string;
  token_hash: string;
  /** Drawn by the server at the start: the candidate cannot choose their variant. */
  seed: string;
  started_at: number;
  deadline_at: number;
  submitted_at: number | null;
  /** candidate | timer (the browser's own timer) | server (assembled at the deadline from the last saved states) */
  submitted_by: string | null;
  /** JSON ExamReport: what the browser claimed at submission. */
  claimed: string | null;
  /** The guest image build the browser's states come from (a state restores only on its own build). */
  image_build: string | null;
  grade_status: GradeStatus;
  /** Re-grade attempts started (a crashed worker's attempt counts). */
  attempts: Generated<number>;
  grade_error: string | null;
  /** The token a move replaced (migration 0008-sitting-moves): its browser is told the sitting moved. */
  replaced_token_hash: Generated<string | null>;
  /** When the sitting last moved to another browser, and who moved it: instructor | lms. */
  moved_at: Generated<number | null>;
  moved_by: Generated<string | null>;
}

export interface ExamTaskStatesTable {
  sitting_id: number;
  task_id: string;
  /** JSON: the bundle's encoded state (gzip+base64, sha256, bytes). */
  state: string;
  /** JSON grader report the browser computed for this state, or null. */
  report: string | null;
  /** JSON parameter values the browser used. */
  values: string;
  /** JSON answers of an answer exercise (migration 0006-task-answers); null for a task that asks nothing. */
  answers: string | null;
  saved_at: number;
}

export interface ExamGradesTable {
  sitting_id: number;
  /** pass | fail | invalid */
  verdict: string;
  /** JSON ExamReport; null when invalid. */
  report: string | null;
  agrees: number | null;
  differences: string;
  findings: string;
  /** Why the bundle was refused (invalid). */
  reason: string | null;
  attempt: number;
  worker: string;
  graded_at: number;
}

export interface ExamRegradeJobsTable {
  sitting_id: number;
  /** queued | running | done | failed */
  status: string;
  attempts: Generated<number>;
  /** A running job whose lease ran out belongs to a crashed worker and is taken again. */
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
}

export interface ExamDatabase {
  exam_sessions: ExamSessionsTable;
  exam_sittings: ExamSittingsTable;
  exam_task_states: ExamTaskStatesTable;
  exam_grades: ExamGradesTable;
  exam_regrade_jobs: ExamRegradeJobsTable;
}
