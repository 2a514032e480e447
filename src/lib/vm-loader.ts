/**
 * Loads the Stacklab guest in the browser: the image and snapshot descriptions, then
 * v86's WebAssembly and the snapshot with byte-level progress, then starts the Machine.
 * Every failure becomes a VmLoadError that says what happened and what to do.
 */
import wasmUrl from 'v86/build/v86.wasm?url';
import { parseImageInfo, parseStateInfo, type ImageInfo, type StateInfo } from '../vm/image-info.ts';
import { Machine } from '../vm/machine.ts';
import type { CompiledWasm } from '../vm/emulator.ts';
import { measurePhase } from '../vm/perf-marks.ts';
import { fetchBytes, fetchJson } from './fetch-with-progress.ts';
import { snapshotProblem } from './snapshot-check.ts';
import { clauseOf, describeDownloadFailure, VmLoadError } from './vm-load-error.ts';

export interface LoadProgress {
  stage: 'describe' | 'download' | 'start';
  receivedBytes: number;
  /** Bytes expected in all; grows when a server announces a size late. */
  totalBytes: number;
}

export interface LoadOptions {
  /** The folder holding image.json, state.json and the snapshot. */
  baseUrl?: string;
  onProgress?: (progress: LoadProgress) => void;
  /** When the page asked for the VM (performance.now()), for the load's `prepare` phase. */
  requestedAt?: number;
}

/** Rough size of v86.wasm, used until the server tells the real one. */
const WASM_BYTES_GUESS = 2_100_000;
const BUILD_ADVICE = 'If you run this site yourself, rebuild the VM image with "npm run build:image".';

export async function loadMachine({ baseUrl = '/vm/', onProgress = () => {}, requestedAt = performance.now() }: LoadOptions = {}): Promise<Machine> {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    throw new VmLoadError(
      'no-webassembly',
      'This browser cannot run WebAssembly, which the Linux VM needs.',
      'Use a current Firefox, Chrome, Edge or Safari, and check that WebAssembly is not disabled by a policy or an extension.',
    );
  }
  onProgress({ stage: 'describe', receivedBytes: 0, totalBytes: 0 });
  // Both descriptions at once; when both fail, the image's failure is the one to report.
  const [imageJson, stateJson] = await settleInOrder([
    fetchDescription(`${baseUrl}image.json`, 'VM image description'),
    fetchDescription(`${baseUrl}state.json`, 'VM snapshot description'),
  ]);
  const image = validate(() => parseImageInfo(imageJson, `${baseUrl}image.json`));
  const info = validate(() => parseStateInfo(stateJson, `${baseUrl}state.json`, image));
  measurePhase('load', 'prepare', requestedAt);
  const { wasm, state, compiledWasm } = await downloadBinaries(baseUrl, info, onProgress);
  const problem = snapshotProblem(state, info);
  if (problem) throw new VmLoadError('corrupt-snapshot', problem, `Press Retry to download it again. ${BUILD_ADVICE}`);
  onProgress({ stage: 'start', receivedBytes: wasm.byteLength + state.byteLength, totalBytes: wasm.byteLength + state.byteLength });
  return start(baseUrl, image, compiledWasm, state);
}

function fetchDescription(url: string, what: string): Promise<unknown> {
  return fetchJson(url).catch((error) => {
    throw describeDownloadFailure(error, what);
  });
}

async function settleInOrder<T>(promises: Array<Promise<T>>): Promise<T[]> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<T>).value);
}

function validate<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new VmLoadError('bad-description', clauseOf(error), BUILD_ADVICE);
  }
}

async function downloadBinaries(
  baseUrl: string,
  info: StateInfo,
  onProgress: (progress: LoadProgress) => void,
): Promise<{ wasm: ArrayBuffer; state: ArrayBuffer; compiledWasm: Promise<CompiledWasm> }> {
  const received = { wasm: 0, state: 0 };
  const expected = { wasm: WASM_BYTES_GUESS, state: info.bytes };
  const report = () =>
    onProgress({ stage: 'download', receivedBytes: received.wasm + received.state, totalBytes: expected.wasm + expected.state });
  const counter = (file: 'wasm' | 'state') => (bytes: number, announced: number | undefined) => {
    received[file] = bytes;
    if (announced) expected[file] = announced;
    expected[file] = Math.max(expected[file], bytes);
    report();
  };
  const fetchStart = performance.now();
  const wasmBytes = fetchBytes(wasmUrl, counter('wasm')).catch((error) => {
    throw describeDownloadFailure(error, 'the emulator (v86.wasm)');
  });
  // The emulator's code compiles while the snapshot still downloads.
  const compiledWasm = wasmBytes.then(compile);
  compiledWasm.catch(() => undefined); // reported by the start, if the download itself went well
  const [wasm, state] = await Promise.all([
    wasmBytes,
    fetchBytes(`${baseUrl}${info.url}`, counter('state')).catch((error) => {
      throw describeDownloadFailure(error, 'VM snapshot');
    }),
  ]);
  measurePhase('load', 'fetch', fetchStart, undefined, { bytes: wasm.byteLength + state.byteLength });
  return { wasm, state, compiledWasm };
}

async function compile(bytes: ArrayBuffer): Promise<CompiledWasm> {
  const started = performance.now();
  const module = await WebAssembly.compile(bytes);
  measurePhase('load', 'wasm-compile', started);
  return { module, bytes };
}

async function start(baseUrl: string, image: ImageInfo, compiledWasm: Promise<CompiledWasm>, state: ArrayBuffer): Promise<Machine> {
  try {
    return await Machine.start(
      { image, resolve: (name) => new URL(`${baseUrl}${name}`, location.href).href, wasm: wasmUrl, compiledWasm: () => compiledWasm },
      { kind: 'state', state },
    );
  } catch (error) {
    throw new VmLoadError('start-failed', `The VM did not start: ${clauseOf(error)}.`, `Press Retry. If it fails again, reload the page. ${BUILD_ADVICE}`);
  }
}
