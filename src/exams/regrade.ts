/**
 * The authoritative re-grade of an exam results bundle, in Node: each task's VM state is
 * restored and graded with the exam's own graders and the seed's own parameters, trusting
 * only the emulator, the kernel and the read-only disk (src/exams/trusted-grading.ts). The
 * browser's report is then compared with the result.
 */
import { graderFor } from '../grading/grader.ts';
import { loadGrader } from '../grading/registry.ts';
import type { Report } from '../grading/report.ts';
import { loadExercise } from '../exercises/load.ts';
import { Machine } from '../vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../vm/node-assets.ts';
import { z } from 'zod';
import { decodeState } from './bundle-codec.ts';
import { loadExam } from './load.ts';
import { bundleSchema, type Bundle, type Exam, type ExamReport } from './schema.ts';
import { compareExamReports, scoreExam, taskSeed } from './score.ts';
import { gradeTrusted } from './trusted-grading.ts';

/** The bundle cannot be re-graded as it is (unreadable, damaged, or for another exam or image). */
export class BundleError extends Error {}

export interface RegradeResult {
  exam: Exam;
  seed: string;
  authoritative: ExamReport;
  claimed: ExamReport;
  agrees: boolean;
  differences: string[];
  /** Per task: what was repaired or found tampered, and edits to the bundle that were ignored. */
  findings: Record<string, string[]>;
  /** Per task: milliseconds from restoring its state to its report. */
  taskMs: Record<string, number>;
}

/** Parses and validates a bundle file's bytes; every problem is a BundleError that says what is wrong. */
export function parseBundle(bytes: Uint8Array | string): Bundle {
  let json: unknown;
  try {
    json = JSON.parse(typeof bytes === 'string' ? bytes : new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new BundleError(`the file is not a Stacklab results bundle: it is not valid JSON (${error instanceof Error ? error.message : String(error)}); it may be truncated`);
  }
  return validateBundle(json);
}

/** Validates an already parsed bundle; every problem is a BundleError that says what is wrong. */
export function validateBundle(json: unknown): Bundle {
  const result = bundleSchema.safeParse(json);
  if (!result.success) throw new BundleError(`the file is not a valid Stacklab results bundle:\n${z.prettifyError(result.error)}`);
  return result.data;
}

function examOf(bundle: Bundle): Exam {
  let exam: Exam;
  try {
    exam = loadExam(bundle.exam.id);
  } catch (error) {
    throw new BundleError(`the bundle is for exam '${bundle.exam.id}', which this installation cannot load: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (exam.version !== bundle.exam.version) {
    throw new BundleError(`the bundle was taken under version ${bundle.exam.version} of ${exam.id}; this installation has version ${exam.version}. Re-grade with the Stacklab version the exam was given with.`);
  }
  const expected = exam.tasks.map((t) => `${t.id}:${t.exercise}`).join(' ');
  const found = bundle.tasks.map((t) => `${t.id}:${t.exercise}`).join(' ');
  if (expected !== found) throw new BundleError(`the bundle's tasks (${found}) are not the exam's (${expected}); the bundle was edited or is for another exam`);
  return exam;
}

export interface RegradeOptions {
  /**
   * A machine to reuse (a worker's, a test's), or a function that gives one when the bundle's
   * states have decoded (so a damaged bundle never starts a VM); by default one is started from
   * the snapshot and destroyed after.
   */
  machine?: Machine | (() => Promise<Machine>);
  onTask?: (taskId: string, report: Report | null) => void;
}

export async function regradeBundle(input: Bundle | Uint8Array | string, options: RegradeOptions = {}): Promise<RegradeResult> {
  const bundle = typeof input === 'string' || input instanceof Uint8Array ? parseBundle(input) : validateBundle(input);
  const exam = examOf(bundle);
  const assets = loadNodeAssets();
  if (bundle.image && bundle.image.build !== assets.image.build) {
    throw new BundleError(`the bundle's VM states come from guest image build ${bundle.image.build}, but this installation has ${assets.image.build}; a state only restores on its own build. Re-grade with the Stacklab version the exam was given with.`);
  }
  // Decode every state before starting a VM: a damaged bundle fails fast and whole.
  const states = new Map<string, ArrayBuffer>();
  for (const task of bundle.tasks) {
    if (!task.state) continue;
    try {
      states.set(task.id, await decodeState(task.state, task.id));
    } catch (error) {
      throw new BundleError(error instanceof Error ? error.message : String(error));
    }
  }
  const given = options.machine;
  const machine = typeof given === 'function' ? await given() : (given ?? (await Machine.start(assets, { kind: 'state', state: (await loadNodeSnapshot(assets)).state })));
  const reports: Record<string, Report | null> = {};
  const findings: Record<string, string[]> = {};
  const taskMs: Record<string, number> = {};
  try {
    for (const task of exam.tasks) {
      const fromBundle = bundle.tasks.find((t) => t.id === task.id)!;
      const exercise = loadExercise(task.exercise, undefined, taskSeed(bundle.seed, task.id));
      findings[task.id] = [];
      if (JSON.stringify(fromBundle.values) !== JSON.stringify(exercise.values)) {
        findings[task.id]!.push(`the bundle's parameter values ${JSON.stringify(fromBundle.values)} are not the seed's ${JSON.stringify(exercise.values)}; graded with the seed's`);
      }
      const state = states.get(task.id);
      if (!state) {
        reports[task.id] = null;
        options.onTask?.(task.id, null);
        continue;
      }
      const started = performance.now();
      await machine.restoreState(state, { waitForAgent: false });
      const result = await gradeTrusted(machine, graderFor(await loadGrader(task.exercise), exercise.values, fromBundle.answers));
      taskMs[task.id] = performance.now() - started;
      reports[task.id] = result.report;
      findings[task.id]!.push(...result.findings);
      options.onTask?.(task.id, result.report);
    }
  } finally {
    if (!given) await machine.destroy();
  }
  const authoritative = scoreExam(exam, reports);
  const differences = compareExamReports(authoritative, bundle.browserReport);
  return { exam, seed: bundle.seed, authoritative, claimed: bundle.browserReport, agrees: differences.length === 0, differences, findings, taskMs };
}
