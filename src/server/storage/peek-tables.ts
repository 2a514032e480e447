/** The terminal peek's tables (migration 0004-peek), as Kysely sees them. */
import type { Generated } from 'kysely';

/** An instructor's request to see a learner's terminal: requested | active | declined | ended. */
export interface PeeksTable {
  id: Generated<number>;
  workshop_id: number;
  learner_id: number;
  instructor_id: number;
  status: string;
  requested_at: number;
  started_at: number | null;
  ended_at: number | null;
}

/** Terminal output a learner's tab relayed during an active peek (a bounded recent window). */
export interface PeekFramesTable {
  id: Generated<number>;
  peek_id: number;
  data: string;
  /** 1 when the frame is the screen so far (the viewer clears its terminal first). */
  reset: number;
  /** The learner's terminal size, when it is new (always on a reset frame the tab could measure). */
  rows: number | null;
  cols: number | null;
  created_at: number;
}

export interface PeekTables {
  peeks: PeeksTable;
  peek_frames: PeekFramesTable;
}
