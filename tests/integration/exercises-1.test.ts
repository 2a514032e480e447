/** The proof, shard 1 of SHARDS (see prove-exercises.ts): its own VM, run beside the other shard. */
import { proveExercises } from './prove-exercises.ts';

proveExercises(1);
