/**
 * The tables, as Kysely sees them. Times are milliseconds since the epoch (bigint in
 * PostgreSQL, read back as numbers); JSON is stored as text, so one set of queries fits both
 * databases. The migrations in ./migrations create exactly these.
 */
import type { Generated } from 'kysely';
import type { ExamDatabase } from './exam-tables.ts';
import type { LtiTables } from './lti-schema.ts';
import type { PeekTables } from './peek-tables.ts';

export interface InstructorsTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  is_admin: number;
  created_at: number;
}

export interface SessionsTable {
  token_hash: string;
  instructor_id: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

export interface LoginTokensTable {
  token_hash: string;
  instructor_id: number;
  expires_at: number;
  used_at: number | null;
}

export interface WorkshopsTable {
  id: Generated<number>;
  code: string;
  title: string;
  /** JSON array of exercise ids. */
  exercises: string;
  /** JSON array of lesson ids. */
  lessons: string;
  starts_at: number | null;
  ends_at: number | null;
  stuck_minutes: number;
  stuck_failures: number;
  created_at: number;
}

export interface WorkshopInstructorsTable {
  workshop_id: number;
  instructor_id: number;
}

export interface LearnersTable {
  id: Generated<number>;
  workshop_id: number;
  display_name: string;
  token_hash: string;
  joined_at: number;
  left_at: number | null;
  current_exercise: string | null;
  current_since: number | null;
  current_lesson: string | null;
  last_seen_at: number;
  last_progress_at: number;
  /** The token a rejoin replaced, and when (migration 0009-learner-moves): its browser is told the learner carries on elsewhere. */
  replaced_token_hash: Generated<string | null>;
  moved_at: Generated<number | null>;
}

export interface ProgressTable {
  learner_id: number;
  exercise_id: string;
  workshop_id: number;
  best_score: number;
  max_score: number;
  /** The best score without the checks the set-up satisfies (earnedScore), and its maximum. */
  best_earned: Generated<number>;
  earned_max: Generated<number>;
  /** started | fail | pass | error: the best outcome so far (pass once passed). */
  status: string;
  reports: number;
  /** JSON array of the latest report's checks: { id, title, status }. */
  last_checks: string;
  failing_check: string | null;
  failing_title: string | null;
  same_failure_count: number;
  hints: number;
  solution_revealed: number;
  started_at: number;
  updated_at: number;
}

export interface HandsTable {
  id: Generated<number>;
  workshop_id: number;
  learner_id: number;
  message: string;
  raised_at: number;
  acknowledged_at: number | null;
  resolved_at: number | null;
}

export interface EventsTable {
  id: Generated<number>;
  workshop_id: number;
  /** The learner the event is about (null for a broadcast). */
  learner_id: number | null;
  type: string;
  /** JSON object. */
  payload: string;
  /** The learner's idempotency key: a retried POST is stored once. */
  idem_key: string | null;
  created_at: number;
}

export interface Database extends ExamDatabase, LtiTables, PeekTables {
  instructors: InstructorsTable;
  sessions: SessionsTable;
  login_tokens: LoginTokensTable;
  workshops: WorkshopsTable;
  workshop_instructors: WorkshopInstructorsTable;
  learners: LearnersTable;
  progress: ProgressTable;
  hands: HandsTable;
  events: EventsTable;
}
