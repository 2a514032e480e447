/**
 * The versioned migrations, applied in name order by Kysely's Migrator when the server (or the
 * CLI) opens the database. Add a new file for each change; never edit one that has shipped.
 */
import type { Migration, MigrationProvider } from 'kysely';
import type { DatabaseKind } from '../kind.ts';
import { initial } from './0001-initial.ts';
import { examSessions } from './0002-exam-sessions.ts';
import { lti } from './0003-lti.ts';
import { peek } from './0004-peek.ts';
import { scoreOutbox } from './0005-score-outbox.ts';
import { taskAnswers } from './0006-task-answers.ts';
import { earnedProgress } from './0007-earned-progress.ts';
import { sittingMoves } from './0008-sitting-moves.ts';
import { learnerMoves } from './0009-learner-moves.ts';

export function migrations(kind: DatabaseKind): MigrationProvider {
  const all: Record<string, Migration> = { '0001-initial': initial(kind), '0002-exam-sessions': examSessions(kind), '0003-lti': lti(kind), '0004-peek': peek(kind), '0005-score-outbox': scoreOutbox(kind), '0006-task-answers': taskAnswers(), '0007-earned-progress': earnedProgress(), '0008-sitting-moves': sittingMoves(), '0009-learner-moves': learnerMoves() };
  return { getMigrations: async () => all };
}
