/** The LTI tables (migrations 0003-lti and 0005-score-outbox), as Kysely sees them; times in ms since the epoch. */
import type { Generated } from 'kysely';

export interface LtiPlatformsTable {
  id: Generated<number>;
  issuer: string;
  client_id: string;
  /** JSON array of the deployment ids this registration accepts. */
  deployment_ids: string;
  jwks_url: string;
  auth_url: string;
  token_url: string;
  created_at: number;
}

export interface LtiKeysTable {
  kid: string;
  /** The RS256 private key as a JWK (JSON). */
  private_jwk: string;
  public_jwk: string;
  /** current | previous: both are published in the JWKS; only the current one signs. */
  status: string;
  created_at: number;
}

export interface LtiStatesTable {
  state: string;
  nonce: string;
  platform_id: number;
  expires_at: number;
  used_at: number | null;
}

export interface LtiUsersTable {
  id: Generated<number>;
  platform_id: number;
  /** The platform's `sub` for this person. */
  subject: string;
  name: string;
  email: string | null;
  created_at: number;
}

export interface LtiContextsTable {
  id: Generated<number>;
  platform_id: number;
  context_id: string;
  title: string;
}

export interface LtiLineItemsTable {
  id: Generated<number>;
  platform_id: number;
  url: string;
  context_id: number | null;
  target_kind: string;
  target_id: string;
}

export interface LtiLaunchesTable {
  id: Generated<number>;
  /** SHA-256 of the launch token the tab reports with (slti_...). */
  token_hash: string;
  user_id: number;
  line_item_id: number | null;
  target_kind: string;
  target_id: string;
  /** The workshop learner a workshop launch joined. */
  learner_id: number | null;
  /** The exam sitting an exam-session launch became (set by linkExamSitting). */
  exam_sitting_id: string | null;
  created_at: number;
  expires_at: number;
}

export interface LtiScoresTable {
  line_item_id: number;
  user_id: number;
  score: number;
  max_score: number;
  posted_at: number | null;
}

/** pending: to be sent at next_attempt_at; posted: the platform accepted it; gave-up: every attempt failed; superseded: a newer score for the same line item and user replaced it before it went. */
export type ScorePostStatus = 'pending' | 'posted' | 'gave-up' | 'superseded';

/** The outbox of score posts (migration 0005-score-outbox). */
export interface LtiScorePostsTable {
  id: Generated<number>;
  /** The exam sitting whose authoritative grade this is; null for an exercise's best score. */
  exam_sitting_id: number | null;
  line_item_id: number;
  user_id: number;
  score: number;
  max_score: number;
  activity_progress: 'Completed' | 'Submitted';
  status: ScorePostStatus;
  attempts: Generated<number>;
  /** When a sweep may send it (next, or again once a claim's lease ran out); null once it is no longer pending. */
  next_attempt_at: number | null;
  last_error: string | null;
  /** Also the score's timestamp, so a resend is the same score and an older one never overrides a newer. */
  created_at: number;
  posted_at: number | null;
}

export interface LtiTables {
  lti_platforms: LtiPlatformsTable;
  lti_keys: LtiKeysTable;
  lti_states: LtiStatesTable;
  lti_users: LtiUsersTable;
  lti_contexts: LtiContextsTable;
  lti_line_items: LtiLineItemsTable;
  lti_launches: LtiLaunchesTable;
  lti_scores: LtiScoresTable;
  lti_score_posts: LtiScorePostsTable;
}
