/**
 * Downloads what the Stacklab guest needs in the browser: the image and snapshot descriptions,
 * v86's WebAssembly (compiled as soon as it has arrived) and the snapshot, with byte-level
 * progress. This module is small and loaded with the page, so the downloads start at once,
 * while the emulator's own code (vm-loader.ts) still loads. Every failure becomes a
 * VmLoadError that says what happened and what to do.
 */
import wasmUrl from 'v86/build/v86.wasm?url';
import type { CompiledWasm } from '../vm/emulator.ts';
import { parseImageInfo, parseStateInfo, type ImageInfo, type StateInfo } from '../vm/image-info.ts';
import { measurePhase } from '../vm/perf-marks.ts';
import { fetchImmutableBytes, fetchJson } from './fetch-with-progress.ts';
import { snapshotProblem } from './snapshot-check.ts';
import { clauseOf, describeDownloadFailure, VmLoadError } from './vm-load-error.ts';

export interface LoadProgress {
  stage: 'describe' | 'download' | 'start';
  receivedBytes: number;
  /** Bytes expected in all; grows when a server announces a size late. */
  totalBytes: number;
}

export interface DownloadOptions {
  /** The folder holding image.json, state.json and the snapshot. */
  baseUrl?: string;
  onProgress?: (progress: LoadProgress) => void;
  /** When the page asked for the VM (performance.now()), for the load's `prepare` phase. */
  requestedAt?: number;
}

/** Everything the emulator needs to start, downloaded and checked. */
export interface VmDownload {
  baseUrl: string;
  image: ImageInfo;
  /** The URL v86.wasm was downloaded from. */
  wasmUrl: string;
  compiledWasm: Promise<CompiledWasm>;
  state: ArrayBuffer;
  /** The disk chunks to fetch once the guest answers (state.json's diskPrefetch). */
  diskPrefetch: number[];
}

/** Rough size of v86.wasm uncompressed, used until the server tells the real one (about 0.3 MB when it sends it compressed). */
const WASM_BYTES_GUESS = 2_100_000;
export const BUILD_ADVICE = 'If you run this site yourself, rebuild the VM image with "npm run build:image".';

/** Throws the VmLoadError that says so where this thread cannot run WebAssembly. */
export function requireWebAssembly(): void {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    throw new VmLoadError(
      'no-webassembly',
      'This browser cannot run WebAssembly, which the Linux VM needs.',
      'Use a current Firefox, Chrome, Edge or Safari, and check that WebAssembly is not disabled by a policy or an extension.',
    );
  }
}

export async function downloadVm({ baseUrl = '/vm/', onProgress = () => {}, requestedAt = performance.now() }: DownloadOptions = {}): Promise<VmDownload> {
  requireWebAssembly();
  const progress = progressCounter(onProgress);
  progress.report('describe');
  // The emulator's code does not depend on the descriptions: it downloads alongside them.
  const fetchStart = performance.now();
  const wasm = fetchImmutableBytes(wasmUrl, progress.counter('wasm')).catch((error) => {
    throw describeDownloadFailure(error, 'the emulator (v86.wasm)');
  });
  // The emulator's code compiles while the snapshot still downloads.
  const compiledWasm = wasm.then(compile);
  compiledWasm.catch(() => undefined); // reported by the start, if the download itself went well
  wasm.catch(() => undefined); // reported below, after the descriptions' own failures
  // Both descriptions at once; when both fail, the image's failure is the one to report.
  const [imageJson, stateJson] = await settleInOrder([
    fetchDescription(`${baseUrl}image.json`, 'VM image description'),
    fetchDescription(`${baseUrl}state.json`, 'VM snapshot description'),
  ]);
  const image = validate(() => parseImageInfo(imageJson, `${baseUrl}image.json`));
  const info = validate(() => parseStateInfo(stateJson, `${baseUrl}state.json`, image));
  measurePhase('load', 'prepare', requestedAt);
  progress.expect('state', info.bytes);
  const [wasmBytes, state] = await Promise.all([
    wasm,
    fetchImmutableBytes(`${baseUrl}${info.url}`, progress.counter('state'), info.bytes).catch((error) => {
      throw describeDownloadFailure(error, 'VM snapshot');
    }),
  ]);
  measurePhase('load', 'fetch', fetchStart, undefined, { bytes: wasmBytes.byteLength + state.byteLength });
  const problem = snapshotProblem(state, info);
  if (problem) throw new VmLoadError('corrupt-snapshot', problem, `Press Retry to download it again. ${BUILD_ADVICE}`);
  progress.report('start');
  return { baseUrl, image, wasmUrl, compiledWasm, state, diskPrefetch: info.diskPrefetch };
}

/** Bytes received and expected for both downloads, reported as one figure. */
function progressCounter(onProgress: (progress: LoadProgress) => void) {
  const received = { wasm: 0, state: 0 };
  const expected = { wasm: WASM_BYTES_GUESS, state: 0 };
  const report = (stage: LoadProgress['stage']) =>
    onProgress({
      stage,
      receivedBytes: received.wasm + received.state,
      totalBytes: stage === 'start' ? received.wasm + received.state : expected.wasm + expected.state,
    });
  let stage: LoadProgress['stage'] = 'describe';
  return {
    report(next: LoadProgress['stage']) {
      stage = next;
      report(stage);
    },
    expect(file: 'wasm' | 'state', bytes: number) {
      expected[file] = Math.max(bytes, received[file]);
      stage = 'download';
      report(stage);
    },
    counter: (file: 'wasm' | 'state') => (bytes: number, announced: number | undefined) => {
      received[file] = bytes;
      if (announced) expected[file] = announced;
      expected[file] = Math.max(expected[file], bytes);
      // Bytes of v86.wasm that arrive while the descriptions are still out count once the snapshot is known.
      if (stage === 'download') report(stage);
    },
  };
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

async function compile(bytes: ArrayBuffer): Promise<CompiledWasm> {
  const started = performance.now();
  const module = await WebAssembly.compile(bytes);
  measurePhase('load', 'wasm-compile', started);
  return { module, bytes };
}
