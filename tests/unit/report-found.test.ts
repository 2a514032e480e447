/**
 * A failed check's "Expected …, found …" line is left out where it adds nothing to the grader's
 * message (src/grading/report.ts), in the terminal's report as in the browser's.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatReport } from '../../src/cli/format-report.ts';
import { gradeOutput } from '../../src/grading/grade.ts';
import { graderFor } from '../../src/grading/grader.ts';
import { loadGraders } from '../../src/grading/registry.ts';
import { foundLineAddsNothing, type CheckResult } from '../../src/grading/report.ts';

const graders = await loadGraders(['bridge-three', 'bond-backup', 'fix-pmtu-blackhole']);
const startReport = (id: string) => gradeOutput(graderFor(graders[id]!), readFileSync(`tests/fixtures/graders/${id}/start.txt`, 'utf8'));
const checkOf = (id: string, checkId: string) => startReport(id).checks.find((c) => c.id === checkId)!;
const failed = (message: string, actual: string): Pick<CheckResult, 'message' | 'actual'> => ({ message, actual });

describe("a failed check's found line that adds nothing", () => {
  it('is recognised when the grader wrote the value in, quoted as the report shows it', () => {
    const bridge = checkOf('bridge-three', 'br0-bridge');
    expect(bridge.message).toContain('found "missing"');
    expect(foundLineAddsNothing(bridge)).toBe(true);
  });

  it('is recognised when the message words the string without its quotes, or shows an empty list', () => {
    expect(foundLineAddsNothing(failed("right's neighbours: 192.168.1.1 remote-as 65001. An eBGP…", '"192.168.1.1 remote-as 65001"'))).toBe(true);
    expect(foundLineAddsNothing(checkOf('bridge-three', 'ns1-exists'))).toBe(true);
  });

  it('is recognised when the message gives both values, the short one standing alone', () => {
    const fetch = checkOf('fix-pmtu-blackhole', 'large-fetch');
    expect(fetch.status).toBe('fail');
    expect(fetch.message).toContain(`got ${fetch.actual} of ${fetch.expected} bytes`);
    expect(foundLineAddsNothing(fetch)).toBe(true);
    expect(foundLineAddsNothing({ message: 'Eth1 has 1 of the 1500 bytes', expected: '1500', actual: '1' })).toBe(true);
  });

  it('is a yes or no, which the failure says', () => {
    expect(foundLineAddsNothing(failed('10.0.0.2 does not answer the host.', 'false'))).toBe(true);
  });

  it('is not assumed when the message says what is wrong in other words', () => {
    const mode = checkOf('bond-backup', 'bond0-mode');
    expect(mode.message).not.toContain('missing');
    expect(foundLineAddsNothing(mode)).toBe(false);
  });

  it('is not assumed from a short word or number that a message can hold by chance', () => {
    expect(foundLineAddsNothing(failed('Bring eth1 up: ip link set eth1 up', '"up"'))).toBe(false);
    expect(foundLineAddsNothing(failed('Set it to 0 or 1', '0'))).toBe(false);
    // The expected value is there, but the short one only inside an address or a longer word.
    expect(foundLineAddsNothing({ message: 'Fetch http://10.0.2.2/big.txt (65536 bytes)', expected: '65536', actual: '0' })).toBe(false);
    expect(foundLineAddsNothing({ message: 'mtu 1400 on ns0a, want 1500', expected: '1500', actual: 'a' })).toBe(false);
    expect(foundLineAddsNothing({ message: 'got 0 of the bytes', expected: '65536', actual: '0' })).toBe(false);
    expect(foundLineAddsNothing(failed('No value', undefined as unknown as string))).toBe(false);
  });
});

describe("the terminal's report", () => {
  it('says expected and found once: beneath a message that does not, and not beneath one that does', () => {
    const text = formatReport(startReport('bond-backup'), 'bond');
    expect(text).toContain('expected "mode active-backup"; found "missing"');
    const bridge = formatReport(startReport('bridge-three'), 'bridge');
    expect(bridge).toContain('found "missing". Create it with');
    expect(bridge).not.toContain('expected "bridge UP"');
  });
});
