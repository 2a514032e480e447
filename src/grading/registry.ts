/**
 * The graders, found by file name: graders/<id>.ts grades exercises/<id>/, and nothing else
 * registers it. The one import below is a template Vite bundles as a glob over graders/*.ts
 * (the site, vitest) and Node resolves as it stands (the tsx CLI), so the same function serves
 * the browser's Check, the CLI, the proof and the tests. Shared helpers live in graders/lib/,
 * one folder down, so the glob never takes them for graders.
 *
 * @example const grader = await loadGrader('eth1-up'); // graders/eth1-up.ts's default export
 */
import { exerciseIdSchema } from '../exercises/schema.ts';
import type { Grader } from './grader.ts';

/** There is no graders/<id>.ts: an author has an exercise without a grader, or a mistyped id. */
export class MissingGraderError extends Error {
  constructor(readonly exercise: string) {
    super(`${exercise} has no grader: add graders/${exercise}.ts (export default defineGrader({ exercise: '${exercise}', ... })).`);
    this.name = 'MissingGraderError';
  }
}

/** Whether an import failed because the module itself is missing (not because of an error inside it). */
function isMissingModule(error: unknown, id: string): boolean {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (!message.includes(`${id}.ts`)) return false;
  return code === 'ERR_MODULE_NOT_FOUND' || /unknown variable dynamic import|failed to load|cannot find module|does not exist/i.test(message);
}

/** The grader of exercise `id`; throws MissingGraderError when graders/<id>.ts does not exist. */
export async function loadGrader(id: string): Promise<Grader> {
  if (!exerciseIdSchema.safeParse(id).success) throw new MissingGraderError(id);
  let module: { default?: Grader };
  try {
    module = await import(`../../graders/${id}.ts`);
  } catch (error) {
    if (isMissingModule(error, id)) throw new MissingGraderError(id);
    throw error;
  }
  const grader = module.default;
  if (!grader || typeof grader !== 'object' || !Array.isArray(grader.checks)) {
    throw new Error(`graders/${id}.ts has no default export of a grader: end it with export default defineGrader({ exercise: '${id}', ... }).`);
  }
  if (grader.exercise !== id) throw new Error(`graders/${id}.ts grades '${grader.exercise}', but its file name says '${id}'; the two must match.`);
  return grader;
}

/** The graders of several exercises, by id. */
export async function loadGraders(ids: readonly string[]): Promise<Record<string, Grader>> {
  return Object.fromEntries(await Promise.all(ids.map(async (id) => [id, await loadGrader(id)] as const)));
}
