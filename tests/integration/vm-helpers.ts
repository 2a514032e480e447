/** Shared set-up for tests that run the real guest in Node. */
import { Machine, type StartOptions } from '../../src/vm/machine.ts';
import { loadNodeAssets, loadNodeSnapshot } from '../../src/vm/node-assets.ts';

/** Restores the built snapshot; fails with the fix if the image was never built. */
export async function startFromSnapshot(options: StartOptions = {}): Promise<Machine> {
  const assets = loadNodeAssets();
  const { state } = await loadNodeSnapshot(assets);
  return Machine.start(assets, { kind: 'state', state }, options);
}

/** Runs a command that must succeed, and returns its standard output. */
export async function run(machine: Machine, command: string, namespace?: string): Promise<string> {
  // Generous: the first commands after a restore run cold, and CI machines are busy.
  const result = await machine.exec(command, { namespace, timeoutMs: 60_000 });
  if (result.exitCode !== 0) {
    throw new Error(`'${command}' exited ${result.exitCode}${namespace ? ` in ${namespace}` : ''}:\n${result.stderr}${result.stdout}`);
  }
  return result.stdout;
}
