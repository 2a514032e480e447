/**
 * Loading exams from exams/<id>.json in Node, checked against the exercises they use.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { listExerciseIds } from '../exercises/load.ts';
import { examSchema, type Exam } from './schema.ts';

export const examsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../exams');

export function listExamIds(dir = examsDir): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

export function loadExam(id: string, dir = examsDir): Exam {
  const file = join(dir, `${id}.json`);
  if (!existsSync(file)) throw new Error(`No exam '${id}': ${file} does not exist (exams: ${listExamIds(dir).join(', ') || 'none'}).`);
  const result = examSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!result.success) throw new Error(`${file} is not a valid exam:\n${z.prettifyError(result.error)}`);
  const exam = result.data;
  if (exam.id !== id) throw new Error(`${file} says its id is '${exam.id}', but its file name is '${id}.json'.`);
  const known = listExerciseIds();
  for (const task of exam.tasks) {
    if (!known.includes(task.exercise)) throw new Error(`${file}: task ${task.id} uses exercise '${task.exercise}', which does not exist.`);
  }
  const ids = exam.tasks.map((t) => t.id);
  if (new Set(ids).size !== ids.length) throw new Error(`${file}: two tasks share an id; task ids must be unique.`);
  return exam;
}
