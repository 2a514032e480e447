/**
 * scripts/test-summary.mjs: the closing lines of `npm test`, which a CI log that keeps only its tail
 * shows. They must say how many passed and failed, and name each failed test with its error.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

let folder: string;
afterEach(() => rmSync(folder, { recursive: true, force: true }));

interface Test { title: string; status: 'passed' | 'failed'; failureMessages?: string[] }

function report(name: string, suites: { file: string; status?: string; message?: string; tests: Test[] }[]): string {
  const tests = suites.flatMap((suite) => suite.tests);
  const path = join(folder, `vitest-${name}.json`);
  writeFileSync(path, JSON.stringify({
    numTotalTestSuites: suites.length,
    numTotalTests: tests.length,
    numPassedTests: tests.filter((test) => test.status === 'passed').length,
    numFailedTests: tests.filter((test) => test.status === 'failed').length,
    numPendingTests: 0,
    numTodoTests: 0,
    testResults: suites.map((suite) => ({
      name: join(process.cwd(), suite.file),
      status: suite.status ?? (suite.tests.some((test) => test.status === 'failed') ? 'failed' : 'passed'),
      message: suite.message ?? '',
      assertionResults: suite.tests.map((test) => ({ ...test, fullName: test.title, failureMessages: test.failureMessages ?? [] })),
    })),
  }));
  return path;
}

function summary(paths: string[], failedSteps: string[] = []): { output: string; code: number } {
  const env = { ...process.env, FAILED_STEPS: failedSteps.join('\n') };
  try {
    return { output: execFileSync('node', ['scripts/test-summary.mjs', ...paths], { encoding: 'utf8', env }), code: 0 };
  } catch (error) {
    const failure = error as { stdout: string; status: number };
    return { output: failure.stdout, code: failure.status };
  }
}

describe('the test summary', () => {
  it('ends with the counts and exits 0 when every test passed', () => {
    folder = mkdtempSync(join(tmpdir(), 'stacklab-summary-'));
    const passing = [{ file: 'tests/unit/a.test.ts', tests: [{ title: 'works', status: 'passed' as const }] }];
    const { output, code } = summary(['unit', 'integration', 'server'].map((layer) => report(layer, passing)));
    expect(output.trim().split('\n')).toEqual(['3 passed, 0 failed, 0 skipped']);
    expect(code).toBe(0);
  });

  it('names each failed test with its file and the first lines of its error, above the counts', () => {
    folder = mkdtempSync(join(tmpdir(), 'stacklab-summary-'));
    const { output, code } = summary([
      report('unit', [{ file: 'tests/unit/a.test.ts', tests: [{ title: 'works', status: 'passed' }] }]),
      report('integration', [{
        file: 'tests/integration/lesson-commands.test.ts',
        tests: [{ title: 'lesson 21 runs its commands', status: 'failed', failureMessages: ['AssertionError: expected [ …(1) ] to deeply equal []\n\n- Expected\n+ Received\n+   "nc connected"\n    at runAll (x.ts:1:1)\n    at more\n    at more\n    at cut'] }],
      }]),
      report('server', [{ file: 'tests/server/broken.test.ts', status: 'failed', message: 'Error: Cannot find module ./gone.ts', tests: [] }]),
    ]);
    const lines = output.trim().split('\n');
    expect(lines.at(-1)).toBe('1 passed, 2 failed, 0 skipped');
    expect(code).toBe(1);
    expect(output).toContain('✗ tests/integration/lesson-commands.test.ts > lesson 21 runs its commands');
    expect(output).toContain('AssertionError: expected [ …(1) ] to deeply equal []');
    expect(output).toContain('"nc connected"');
    expect(output).not.toContain('at cut');
    expect(output).toContain('✗ tests/server/broken.test.ts > (the file itself)');
    expect(output).toContain('Cannot find module ./gone.ts');
  });

  it('counts and names the steps that failed with every test passed, and then exits 1', () => {
    folder = mkdtempSync(join(tmpdir(), 'stacklab-summary-'));
    const passing = [{ file: 'tests/unit/a.test.ts', tests: [{ title: 'works', status: 'passed' as const }] }];
    const { output, code } = summary(['unit', 'integration', 'server'].map((layer) => report(layer, passing)),
      ['types: tsc --noEmit exited 2', 'e2e tests: vitest run exited 1']);
    const lines = output.trim().split('\n');
    expect(lines.at(-1)).toBe('3 passed, 0 failed, 0 skipped, 2 steps failed');
    expect(lines).toContain('✗ types: tsc --noEmit exited 2');
    expect(lines).toContain('✗ e2e tests: vitest run exited 1');
    expect(code).toBe(1);
  });
});
