/**
 * A learner continued on another computer (the instructor's rejoin link, or a new launch from
 * the LMS; services/learners.ts rejoinWorkshop): the token a new one replaced is kept, so the
 * browser left behind is told the learner carries on elsewhere rather than that its token is
 * not valid.
 */
import type { Kysely, Migration } from 'kysely';

export function learnerMoves(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('learners').addColumn('replaced_token_hash', 'text').execute();
      await db.schema.alterTable('learners').addColumn('moved_at', 'bigint').execute();
      await db.schema.createIndex('learners_replaced_token').on('learners').column('replaced_token_hash').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('learners_replaced_token').execute();
      await db.schema.alterTable('learners').dropColumn('moved_at').execute();
      await db.schema.alterTable('learners').dropColumn('replaced_token_hash').execute();
    },
  };
}
