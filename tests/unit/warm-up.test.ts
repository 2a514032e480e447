import { describe, expect, it } from 'vitest';
import { WARM_UP_SCRIPT, warmUpScript } from '../../src/state/warm-up.ts';

describe('warmUpScript', () => {
  it("runs the grader's own collection, output discarded, without its probes, server log or terminal look", () => {
    const script = warmUpScript({
      namespaces: ['red'],
      ip: ['link'],
      extra: ['nft'],
      probes: [{ id: 'web', kind: 'http', from: 'red', target: '10.0.0.1' }],
      serverLog: true,
    });
    expect(script).toMatch(/^\{\n/);
    expect(script).toMatch(/\n\} >\/dev\/null 2>&1$/);
    expect(script).toContain("for ns in 'red'; do");
    expect(script).toContain('link show');
    expect(script).toContain('m "nft:$ns"');
    expect(script).not.toContain('wget');
    expect(script).not.toContain('server-requests.log');
    expect(script).not.toContain('learner-shell.pid');
  });

  it('falls back to the tables of the host and a hidden namespace without an exercise', () => {
    expect(warmUpScript()).toBe(WARM_UP_SCRIPT);
  });
});
