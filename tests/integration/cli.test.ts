import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function stacklab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/stacklab.js', ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 99) : 0, stdout, stderr });
    });
  });
}

const attempt = (script: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'stacklab-cli-')), 'attempt.sh');
  writeFileSync(file, script);
  return file;
};

describe('npx stacklab', () => {
  it('lists exercise ids and titles as JSON', async () => {
    const { code, stdout } = await stacklab('list', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toContainEqual(expect.objectContaining({ id: 'eth1-up', title: expect.any(String) }));
  });

  it('grades a correct solution: exit 0 and a passing JSON report', async () => {
    const { code, stdout } = await stacklab('grade', 'netns-red-blue', '--solution', 'exercises/netns-red-blue/solution.sh', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ status: 'pass', score: 4, maximum: 4 });
  });

  it('grades an answer exercise with the answers its file prints on the last line', async () => {
    const right = await stacklab('grade', 'read-the-fdb', '--solution', 'exercises/read-the-fdb/solution.sh', '--json');
    expect(right.code).toBe(0);
    expect(JSON.parse(right.stdout)).toMatchObject({ status: 'pass' });
    const blank = await stacklab('grade', 'read-the-fdb', '--solution', attempt('echo \'{"app-port": "", "p1-mac": ""}\'\n'));
    expect(blank.code).toBe(1);
    expect(blank.stdout).toMatch(/Question 1 \(.*\) is unanswered/);
  });

  it('grades a wrong attempt: exit 1 and text naming what was expected and found', async () => {
    const { code, stdout } = await stacklab('grade', 'eth1-up', '--solution', attempt('ip addr add 10.50.0.10/24 dev eth1\nip link set eth1 up\n'));
    expect(code).toBe(1);
    expect(stdout).toMatch(/FAIL 1\/4/);
    expect(stdout).toMatch(/eth1 should have 10\.50\.0\.10\/16; it has \["10\.50\.0\.10\/24"/);
    // The message says what was found, so the report does not say it a second time.
    expect(stdout).not.toMatch(/found \["10\.50\.0\.10\/24"/);
  });

  it('exits 2 with a clear message for an unknown exercise or a missing file', async () => {
    const unknown = await stacklab('grade', 'no-such-exercise', '--solution', attempt('true\n'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/No exercise 'no-such-exercise'.*stacklab list/);
    const missing = await stacklab('grade', 'eth1-up', '--solution', '/nonexistent.sh');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file: \/nonexistent\.sh/);
  });
});
