/**
 * Rate limits as token buckets kept in memory, one per key (a client address for joins and
 * log-ins, a learner for events). A bucket holds `burst` requests and refills at `perSecond`,
 * so a tab back online may send its queue at once, while a loop is cut off. In memory on
 * purpose: a limit protects the server and needs no durability; with several instances each
 * counts its own share (the README says so). Idle buckets are dropped.
 */
import type { MiddlewareHandler } from 'hono';
import { ServiceError } from '../services/errors.ts';

export interface BucketOptions {
  burst: number;
  perSecond: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    readonly options: BucketOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token; returns 0 when allowed, else the seconds until one is available. */
  take(key: string): number {
    const now = this.now();
    const { burst, perSecond } = this.options;
    const bucket = this.buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.sweep(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / perSecond);
  }

  private sweep(now: number): void {
    const full = (this.options.burst / this.options.perSecond) * 1000;
    for (const [key, bucket] of this.buckets) if (now - bucket.at > full) this.buckets.delete(key);
  }
}

export function rateLimit(buckets: TokenBuckets, what: string, key: (c: Parameters<MiddlewareHandler>[0]) => string): MiddlewareHandler {
  return async (c, next) => {
    const wait = buckets.take(key(c));
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new ServiceError(429, 'rate-limited', `Too many ${what}; try again in ${wait} s.`);
    }
    await next();
  };
}
