/** Grading a submitted sitting in the page's VM: what the candidate types meanwhile cannot reach a task while it is graded. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { GuestMachine } from '../../src/vm/machine-api.ts';

const received: string[] = [];
const machine = { terminalInput: (data: string) => void received.push(data) } as unknown as GuestMachine;
let typedDuringGrading: string[] | undefined;

vi.mock('../../src/lib/exam-results.ts', async () => {
  const { typeInto } = await import('../../src/lib/terminal-input.ts');
  return {
    gradeSitting: async () => {
      typeInto(machine, 'ip link del eth1\n');
      typedDuringGrading = [...received];
      return { tasks: [] };
    },
  };
});

const { gradeInVm } = await import('../../src/lib/exam-task-vm.ts');

beforeAll(() => vi.stubGlobal('window', new EventTarget()));

describe('gradeInVm', () => {
  it('holds typing while the tasks are graded, and sends it once grading is over', async () => {
    const sitting = { examId: 'e', seed: '1', currentTask: 'cable' } as unknown as Parameters<typeof gradeInVm>[2];
    await gradeInVm(machine, { tasks: [] } as unknown as Parameters<typeof gradeInVm>[1], sitting, () => {});
    expect(typedDuringGrading).toEqual([]);
    expect(received).toEqual(['ip link del eth1\n']);
  });
});
