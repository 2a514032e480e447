/**
 * A sitting continued on another computer (services/sitting-moves.ts): its token is replaced by
 * a new one, and the one it replaced is kept, so the browser left behind is told its sitting
 * moved (when, and by whom: the instructor's resume link or a new launch from the LMS) rather
 * than that its token is not valid.
 */
import type { Kysely, Migration } from 'kysely';

export function sittingMoves(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('exam_sittings').addColumn('replaced_token_hash', 'text').execute();
      await db.schema.alterTable('exam_sittings').addColumn('moved_at', 'bigint').execute();
      await db.schema.alterTable('exam_sittings').addColumn('moved_by', 'text').execute();
      await db.schema.createIndex('exam_sittings_replaced_token').on('exam_sittings').column('replaced_token_hash').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropIndex('exam_sittings_replaced_token').execute();
      await db.schema.alterTable('exam_sittings').dropColumn('moved_by').execute();
      await db.schema.alterTable('exam_sittings').dropColumn('moved_at').execute();
      await db.schema.alterTable('exam_sittings').dropColumn('replaced_token_hash').execute();
    },
  };
}
