/** What the routes share: the services' context, settings, and what the access checks put on the request. */
import type { ServiceContext } from '../services/context.ts';
import type { Session } from '../services/instructors.ts';
import type { Learner } from '../services/learners.ts';
import type { TokenBuckets } from './rate-limit.ts';

export interface AppOptions {
  ctx: ServiceContext;
  /** The public address, for links and the origin check (e.g. https://lab.example.org); else taken from the request. */
  publicUrl?: string;
  /** Trust X-Forwarded-For and X-Forwarded-Proto (behind a reverse proxy). */
  trustProxy?: boolean;
  /** The built site to serve (dist/); none for an API-only server. */
  siteRoot?: string;
  limits?: Partial<Limits>;
}

export interface Limits {
  joins: TokenBuckets;
  logins: TokenBuckets;
  events: TokenBuckets;
  /** Frames of a learner's terminal during a peek. */
  peekFrames: TokenBuckets;
  /** Largest request body, in bytes. */
  bodyBytes: number;
}

export type AppEnv = {
  Variables: {
    learner: Learner;
    session: Session;
  };
};
