/**
 * Why the VM could not be loaded in this browser, in words for the learner: what
 * happened, and what they (or whoever runs the site) can do about it.
 */
import { HttpError } from './fetch-with-progress.ts';
import { messageOf } from './message-of.ts';

export type VmLoadFailure =
  | 'no-webassembly'
  | 'image-missing'
  | 'network'
  | 'bad-description'
  | 'corrupt-snapshot'
  | 'start-failed'
  /** The VM ran, then its emulator stopped with an error. */
  | 'crashed';

export class VmLoadError extends Error {
  constructor(
    readonly failure: VmLoadFailure,
    message: string,
    readonly advice: string,
  ) {
    super(message);
    this.name = 'VmLoadError';
  }
}

const RETRY_ADVICE = 'Check your connection, then press Retry.';

/**
 * Turns a failed download of `what` (a file the VM needs) into a VmLoadError.
 *
 * @example describeDownloadFailure(new HttpError('/vm/image.json', 404), 'the image description')
 */
export function describeDownloadFailure(error: unknown, what: string): VmLoadError {
  if (error instanceof VmLoadError) return error;
  if (error instanceof HttpError && error.status === 404) {
    return new VmLoadError(
      'image-missing',
      `The server has no ${what} (${error.url} was not found).`,
      'If you run this site yourself, build the VM image with "npm run build:image" and start the site again.',
    );
  }
  if (error instanceof HttpError) {
    return new VmLoadError('network', `The server could not send ${what} (HTTP ${error.status} for ${error.url}).`, RETRY_ADVICE);
  }
  return new VmLoadError('network', `Downloading ${what} failed: ${clauseOf(error)}.`, RETRY_ADVICE);
}

/** What an error says, without its full stop, to sit inside a sentence. */
export function clauseOf(error: unknown): string {
  return messageOf(error).replace(/\.$/, '');
}
