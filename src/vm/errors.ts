/**
 * Errors the driver raises. Each says what happened and what the learner or author can do.
 */
export type VmErrorCode =
  | 'exec-timeout'
  /** Background work the host stopped in the guest because someone was waiting (a warm-up piece, for a Check). */
  | 'exec-cancelled'
  | 'agent-timeout'
  | 'agent-restarted'
  | 'agent-error'
  | 'vm-reset'
  | 'disk-busy'
  | 'vm-powered-off'
  | 'vm-rebooted'
  | 'vm-destroyed'
  /** The emulator's worker stopped with an error: nothing in it can be reached any more. */
  | 'vm-crashed'
  | 'load-failed'
  | 'boot-failed';

export class VmError extends Error {
  constructor(
    readonly code: VmErrorCode,
    message: string,
    readonly detail: { stdout?: string; stderr?: string } = {},
  ) {
    super(message);
    this.name = 'VmError';
  }
}

export function isVmError(error: unknown, code?: VmErrorCode): error is VmError {
  return error instanceof VmError && (code === undefined || error.code === code);
}
