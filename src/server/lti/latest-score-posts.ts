/**
 * Each exam sitting's latest score post, the one that tells where its score stands with the LMS:
 * for the results page's LMS column (score-outbox.ts) and the session list's counts
 * (services/exam-sessions.ts). Pure, so both can use it without importing each other.
 *
 * @example
 * latestPostPerSitting(await query.orderBy('id', 'desc').execute()).get(sittingId)?.status // 'pending'
 */
import type { ScorePostStatus } from '../storage/lti-schema.ts';

type Told<T> = T & { exam_sitting_id: number; status: Exclude<ScorePostStatus, 'superseded'> };

/** From posts read newest first: each sitting's first, leaving out a superseded post and one of no sitting (an exercise's best score). */
export function latestPostPerSitting<T extends { exam_sitting_id: number | null; status: ScorePostStatus }>(newestFirst: T[]): Map<number, Told<T>> {
  const latest = new Map<number, Told<T>>();
  for (const post of newestFirst) {
    if (post.exam_sitting_id === null || post.status === 'superseded' || latest.has(post.exam_sitting_id)) continue;
    latest.set(post.exam_sitting_id, post as Told<T>);
  }
  return latest;
}
