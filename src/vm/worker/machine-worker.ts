/**
 * The emulator's dedicated Web Worker: one Machine, driven by the page's WorkerMachine over
 * messages (messages.ts). The guest runs here, so the page's thread is left to the page:
 * drawing the lesson and the terminal, answering clicks and keys.
 *
 * The worker's entry calls serveMachine once, with how to fetch what a start needs (the
 * site's entry: src/lib/vm-machine-worker.ts).
 */
import { isVmError } from '../errors.ts';
import { Machine } from '../machine.ts';
import type { MachineEvents } from '../machine-api.ts';
import { forwardPhases } from '../perf-marks.ts';
import type { CallName, Calls, FromWorker, SentError, StartRequest, ToWorker, WorkerEvent } from './messages.ts';
import { HEARTBEAT_EVERY_MS } from './silence-watch.ts';

/** Fetches what a start needs, from a prepareAndStart call's request, reporting progress on the way. */
export type PrepareStart = (request: unknown, report: (progress: unknown) => void) => Promise<StartRequest>;

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
const scope = globalThis as unknown as WorkerScope;
const post = (message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

let machine: Machine | undefined;
let stopLiveness: (() => void) | undefined;
let prepareStart: PrepareStart | undefined;

/**
 * Takes the page's calls from now on, after `earlier` ones (messages an entry held while this
 * code loaded), and tells the page the worker's code is loaded.
 */
export function serveMachine(prepare?: PrepareStart, earlier: ToWorker[] = []): void {
  prepareStart = prepare;
  forwardPhases((phase) => post({ kind: 'phase', phase }));
  scope.onmessage = ({ data }) => handle(data);
  for (const data of earlier) handle(data);
  post({ kind: 'loaded' });
  setInterval(() => post({ kind: 'alive' }), HEARTBEAT_EVERY_MS);
}

function handle(data: ToWorker): void {
  if (data.kind === 'input') {
    machine?.terminalInput(data.bytes);
    return;
  }
  const { id, name, args } = data;
  run(id, name, args).then(
    ({ value, transfer }) => post({ kind: 'reply', id, ok: true, value }, transfer),
    (error: unknown) => post({ kind: 'reply', id, ok: false, error: sendable(error) }),
  );
}

async function run(id: number, name: CallName, args: unknown[]): Promise<{ value?: unknown; transfer?: Transferable[] }> {
  if (name === 'start') return { value: await start(...(args as Calls['start'])) };
  if (name === 'prepareAndStart') {
    if (!prepareStart) throw new Error('This worker cannot fetch what the VM needs: it was given no way to.');
    const request = await prepareStart((args as Calls['prepareAndStart'])[0], (progress) => post({ kind: 'progress', id, progress }));
    return { value: await start(request) };
  }
  const vm = machine;
  if (!vm) throw new Error('The VM has not started in its worker.');
  switch (name) {
    case 'exec': {
      const [command, { reportSent, ...options }] = args as Calls['exec'];
      const result = await vm.exec(command, { ...options, onSent: reportSent ? () => post({ kind: 'sent', id }) : undefined });
      return { value: result };
    }
    case 'ping':
      return { value: await vm.ping(...(args as Calls['ping'])) };
    case 'watchLiveness':
      stopLiveness = vm.watchLiveness(...(args as Calls['watchLiveness']));
      return {};
    case 'stopLiveness':
      stopLiveness?.();
      return {};
    case 'resizeTerminal':
      return { value: await vm.resizeTerminal(...(args as Calls['resizeTerminal'])) };
    case 'saveState': {
      const state = await vm.saveState(...(args as Calls['saveState']));
      return { value: state, transfer: [state] };
    }
    case 'restoreState':
      return { value: await vm.restoreState(...(args as Calls['restoreState'])) };
    case 'syncClock':
      return { value: await vm.syncClock() };
    case 'reset':
      return { value: await vm.reset() };
    case 'destroy':
      await vm.destroy();
      machine = undefined;
      return {};
  }
}

async function start({ image, baseHref, wasmUrl, module, wasmBytes, state, diskPrefetch }: StartRequest): Promise<{ pagesPerCompiledModule?: number }> {
  if (machine) throw new Error('This worker already runs a VM.');
  const started = await Machine.start(
    { image, resolve: (name) => new URL(name, baseHref).href, wasm: wasmUrl, compiledWasm: async () => ({ module, bytes: wasmBytes }) },
    { kind: 'state', state },
    { diskPrefetch },
  );
  machine = started;
  forwardEvents(started);
  return { pagesPerCompiledModule: started.pagesPerCompiledModule };
}

function forwardEvents(vm: Machine): void {
  const send = (event: WorkerEvent, transfer: Transferable[] = []) => post({ kind: 'event', event }, transfer);
  const names: Array<keyof MachineEvents> = ['terminal-history-cleared', 'agent-restarted', 'protocol-noise', 'health'];
  for (const name of names) vm.on(name, (payload) => send({ name, payload } as WorkerEvent));
  // A copy crosses over: the Machine keeps the chunk in its own history.
  vm.on('terminal-output', (bytes) => send({ name: 'terminal-output', payload: bytes }));
  vm.on('failure', (error) => send({ name: 'failure', payload: sendable(error) }));
}

function sendable(error: unknown): SentError {
  if (isVmError(error)) return { message: error.message, code: error.code, detail: error.detail };
  if (!(error instanceof Error)) return { message: String(error) };
  return { message: error.message, name: error.name, fields: cloneable({ ...error }) };
}

function cloneable(fields: Record<string, unknown>): Record<string, unknown> | undefined {
  try {
    return structuredClone(fields);
  } catch {
    return undefined; // a field that cannot cross (a function, say): the message still does
  }
}
