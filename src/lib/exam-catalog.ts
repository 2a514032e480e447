/**
 * The exams (exams/<id>.json), bundled by Vite for the build (the exam pages) and the browser
 * (running a sitting). Each one is validated with examSchema and checked against the
 * exercise catalog when this module loads, so a broken exam fails the build.
 *
 * Browser-safe: no node:fs (src/exams/load.ts is the Node counterpart).
 *
 * Exams whose id starts with "e2e-" exist for the browser tests (a short time limit): they
 * have pages but are not listed.
 */
import { z } from 'zod';
import { examSchema, type Exam } from '../exams/schema.ts';
import { exerciseIds } from './exercise-catalog.ts';

const files = import.meta.glob<unknown>('../../exams/*.json', { eager: true, import: 'default' });

function buildCatalog(): Map<string, Exam> {
  const known = exerciseIds();
  const exams = new Map<string, Exam>();
  for (const [path, raw] of Object.entries(files)) {
    const name = path.split('/').at(-1)!.replace(/\.json$/, '');
    const parsed = examSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`exams/${name}.json is invalid: ${z.prettifyError(parsed.error)}`);
    const exam = parsed.data;
    if (exam.id !== name) throw new Error(`exams/${name}.json has id "${exam.id}". Expected the file name, "${name}".`);
    for (const task of exam.tasks) {
      if (!known.includes(task.exercise)) throw new Error(`exams/${name}.json: task ${task.id} uses exercise "${task.exercise}", which does not exist.`);
    }
    if (new Set(exam.tasks.map((t) => t.id)).size !== exam.tasks.length) throw new Error(`exams/${name}.json: two tasks share an id; task ids must be unique.`);
    exams.set(exam.id, exam);
  }
  return exams;
}

const catalog = buildCatalog();

/** Every exam id, sorted (test exams included: each has a page). */
export function examIds(): string[] {
  return [...catalog.keys()].sort();
}

/** The exams to list on /exams/, by title. */
export function listedExams(): Exam[] {
  return [...catalog.values()].filter((exam) => !exam.id.startsWith('e2e-')).sort((a, b) => a.title.localeCompare(b.title));
}

/** The exam with this id; throws naming the known ids when there is none. */
export function examById(id: string): Exam {
  const exam = catalog.get(id);
  if (!exam) throw new Error(`There is no exam "${id}". Received "${id}"; expected one of: ${examIds().join(', ')}.`);
  return exam;
}

/** The exam's full marks: the sum of its task weights. */
export const examMaximum = (exam: Exam) => exam.tasks.reduce((sum, task) => sum + task.weight, 0);
