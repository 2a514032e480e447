/**
 * Starts the Stacklab guest in the browser from what vm-download.ts fetched: the emulator
 * created and the snapshot restored. This module carries v86's and the driver's code, so
 * the page loads it while the downloads are already under way.
 */
import { Machine } from '../vm/machine.ts';
import { BUILD_ADVICE, type VmDownload } from './vm-download.ts';
import { clauseOf, VmLoadError } from './vm-load-error.ts';

export async function startMachine({ baseUrl, image, wasmUrl, compiledWasm, state }: VmDownload): Promise<Machine> {
  try {
    return await Machine.start(
      { image, resolve: (name) => new URL(`${baseUrl}${name}`, location.href).href, wasm: wasmUrl, compiledWasm: () => compiledWasm },
      { kind: 'state', state },
    );
  } catch (error) {
    throw new VmLoadError('start-failed', `The VM did not start: ${clauseOf(error)}.`, `Press Retry. If it fails again, reload the page. ${BUILD_ADVICE}`);
  }
}
