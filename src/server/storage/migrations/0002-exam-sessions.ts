/**
 * Exams on the server: sessions an instructor opens, candidates' sittings in them, each task's
 * last uploaded VM state, the authoritative grade of each submitted sitting, and (used on
 * SQLite; PostgreSQL uses pg-boss's own tables) the durable queue of re-grade jobs.
 */
import type { Kysely, Migration } from 'kysely';
import type { DatabaseKind } from '../kind.ts';

export function examSessions(kind: DatabaseKind): Migration {
  const id = (table: ReturnType<Kysely<any>['schema']['createTable']>) =>
    kind === 'postgres' ? table.addColumn('id', 'bigserial', (c) => c.primaryKey()) : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  return {
    async up(db: Kysely<any>) {
      await id(db.schema.createTable('exam_sessions'))
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('exam_id', 'text', (c) => c.notNull())
        .addColumn('exam_version', 'integer', (c) => c.notNull())
        .addColumn('instructor_id', 'bigint', (c) => c.notNull().references('instructors.id').onDelete('cascade'))
        .addColumn('time_limit_ms', 'bigint', (c) => c.notNull())
        .addColumn('opens_at', 'bigint')
        .addColumn('closes_at', 'bigint')
        .addColumn('access_code', 'text')
        .addColumn('candidates', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await id(db.schema.createTable('exam_sittings'))
        .addColumn('session_id', 'bigint', (c) => c.notNull().references('exam_sessions.id').onDelete('cascade'))
        .addColumn('candidate', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('seed', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('deadline_at', 'bigint', (c) => c.notNull())
        .addColumn('submitted_at', 'bigint')
        .addColumn('submitted_by', 'text')
        .addColumn('claimed', 'text')
        .addColumn('image_build', 'text')
        .addColumn('grade_status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('grade_error', 'text')
        .execute();
      await db.schema.createIndex('exam_sittings_session').on('exam_sittings').column('session_id').execute();
      await db.schema.createIndex('exam_sittings_candidate').on('exam_sittings').columns(['session_id', 'candidate']).unique().execute();
      await db.schema
        .createTable('exam_task_states')
        .addColumn('sitting_id', 'bigint', (c) => c.notNull().references('exam_sittings.id').onDelete('cascade'))
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('report', 'text')
        .addColumn('values', 'text', (c) => c.notNull())
        .addColumn('saved_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('exam_task_states_pk', ['sitting_id', 'task_id'])
        .execute();
      await db.schema
        .createTable('exam_grades')
        .addColumn('sitting_id', 'bigint', (c) => c.primaryKey().references('exam_sittings.id').onDelete('cascade'))
        .addColumn('verdict', 'text', (c) => c.notNull())
        .addColumn('report', 'text')
        .addColumn('agrees', 'integer')
        .addColumn('differences', 'text', (c) => c.notNull())
        .addColumn('findings', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('worker', 'text', (c) => c.notNull())
        .addColumn('graded_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('exam_regrade_jobs')
        .addColumn('sitting_id', 'bigint', (c) => c.primaryKey().references('exam_sittings.id').onDelete('cascade'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('lease_until', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('exam_regrade_jobs_status').on('exam_regrade_jobs').columns(['status', 'sitting_id']).execute();
    },
    async down(db: Kysely<any>) {
      for (const table of ['exam_regrade_jobs', 'exam_grades', 'exam_task_states', 'exam_sittings', 'exam_sessions']) await db.schema.dropTable(table).execute();
    },
  };
}
