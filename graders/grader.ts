/**
 * A grader: the state it needs (collected in one agent round trip) and its checks.
 */
import type { CollectedState, StateRequest } from '../src/state/collect.ts';
import type { Check } from './check.ts';

export interface Grader {
  exercise: string;
  request: StateRequest;
  checks: Check<CollectedState>[];
}

export const defineGrader = (grader: Grader): Grader => grader;
