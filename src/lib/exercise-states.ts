/**
 * Saved VM states, one per exercise, in IndexedDB (plain API, no library), so a learner who
 * leaves an exercise can come back to where they were. Every function is tolerant: when
 * IndexedDB is missing, blocked or full, saving does nothing and loading finds nothing,
 * and the reason goes to the console.
 *
 * @example
 * await saveExerciseState('eth1-up', await machine.saveState());
 * const state = await loadExerciseState('eth1-up'); // ArrayBuffer | undefined
 */
import { sha256Hex } from '../exams/bundle-codec.ts';
import { timePhase } from '../vm/perf-marks.ts';
import { gzipTransform } from './gzip-off-thread.ts';
import { messageOf } from './message-of.ts';

const DB_NAME = 'stacklab-exercise-states';
const STORE = 'states';

interface StoredState {
  state: ArrayBuffer;
  /** When the VM's state was taken (not when it was stored, seconds later on a busy machine). */
  savedAt: string;
  /** 'gzip' when stored compressed (a raw state is about 17 MB, gzip makes it about a third). */
  encoding?: 'gzip';
  /** The raw state's sha256 and length, kept beside a gzipped one so it can be uploaded without gunzip and gzip again (loadGzippedExerciseState). */
  raw?: { sha256: string; bytes: number };
}


/**
 * Raw states handed over by the code that just stored them gzipped and had gunzipped them to
 * check them (an exam's task taken up from the server), each given once to the next load of its
 * record, so the restore does not gunzip the same bytes again. Any later save or delete of the
 * record drops it.
 */
const handedOver = new Map<string, ArrayBuffer>();

let opening: Promise<IDBDatabase> | undefined;

function open(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    if (typeof indexedDB === 'undefined') return reject(new Error('this browser has no IndexedDB'));
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  }).catch((error: unknown) => {
    opening = undefined;
    throw error;
  });
  return opening;
}

async function run<T>(mode: IDBTransactionMode, use: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  const db = await open();
  return new Promise<T>((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const request = use(transaction.objectStore(STORE));
    transaction.oncomplete = () => resolve(request.result as T);
    transaction.onerror = () => reject(transaction.error ?? request.error ?? new Error('IndexedDB request failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

function warn(action: string, error: unknown): void {
  console.warn(`Stacklab: could not ${action}: ${messageOf(error)}`);
}

/**
 * Stores `state` for `exerciseId`, replacing what was there (`state` is consumed). `takenAt` is
 * when the VM's state was taken: the work the record holds is the work done before then.
 * Returns whether it was stored.
 */
export async function saveExerciseState(exerciseId: string, state: ArrayBuffer, takenAt: Date): Promise<boolean> {
  const savedAt = takenAt.toISOString();
  handedOver.delete(exerciseId);
  try {
    const canCompress = typeof CompressionStream !== 'undefined';
    // Before the state goes to the worker (which takes it): its digest, for uploads.
    const raw = canCompress ? await timePhase('save', 'digest', async () => ({ sha256: await sha256Hex(new Uint8Array(state)), bytes: state.byteLength })) : undefined;
    const value: StoredState = raw
      ? { state: await timePhase('save', 'gzip', () => gzipTransform(state, 'compress')), savedAt, encoding: 'gzip', raw }
      : { state, savedAt };
    await timePhase('save', 'store', () => run('readwrite', (store) => store.put(value, exerciseId)));
    return true;
  } catch (error) {
    warn(`save the VM state of exercise ${exerciseId}`, error);
    return false;
  }
}

/**
 * Stores a state that arrives gzipped, with its raw sha256 and length (the exam server's copy of
 * a task, taken up by another browser), as saveExerciseState would have stored it. Throws when
 * it cannot be stored: the caller must not go on without it. `unpacked`, the raw state when the
 * caller has it already (checked against the digest), is what the next load of the record gives,
 * without a gunzip; it is not copied, so the caller must not change it.
 */
export async function storeGzippedExerciseState(exerciseId: string, gzipped: ArrayBuffer, raw: { sha256: string; bytes: number }, unpacked?: ArrayBuffer): Promise<void> {
  handedOver.delete(exerciseId);
  const value: StoredState = { state: gzipped, savedAt: new Date().toISOString(), encoding: 'gzip', raw };
  await run('readwrite', (store) => store.put(value, exerciseId));
  if (unpacked) handedOver.set(exerciseId, unpacked);
}

/** The stored record of `exerciseId`, or undefined when there is none. */
async function readStored(exerciseId: string): Promise<StoredState | undefined> {
  const value = await timePhase('resume', 'read', () => run<StoredState | undefined>('readonly', (store) => store.get(exerciseId)));
  return value?.state instanceof ArrayBuffer ? value : undefined;
}

/** A stored record's state as the VM saved it (gunzipped when stored gzipped). */
const rawState = (value: StoredState): Promise<ArrayBuffer> =>
  value.encoding === 'gzip' ? timePhase('resume', 'gunzip', () => gzipTransform(value.state, 'decompress')) : Promise.resolve(value.state);

/**
 * The saved state of `exerciseId`, or undefined when there is none or it cannot be read. The
 * caller may hand it to the VM, which takes it: each call gives a buffer of its own.
 */
export async function loadExerciseState(exerciseId: string): Promise<ArrayBuffer | undefined> {
  const unpacked = handedOver.get(exerciseId);
  if (unpacked) {
    handedOver.delete(exerciseId);
    return unpacked;
  }
  try {
    const value = await readStored(exerciseId);
    return value ? await rawState(value) : undefined;
  } catch (error) {
    warn(`read the VM state of exercise ${exerciseId}`, error);
    return undefined;
  }
}

/** A saved state as it is uploaded: gzipped, with the raw state's sha256 and length. */
export interface GzippedState {
  gzipped: Uint8Array;
  sha256: string;
  bytes: number;
}

/**
 * The saved state of `exerciseId` gzipped, with the raw state's sha256 and length, or undefined.
 * A state stored gzipped with its digest is given as it is stored; an older one is gunzipped,
 * digested and gzipped again, from the same read.
 */
export async function loadGzippedExerciseState(exerciseId: string): Promise<GzippedState | undefined> {
  try {
    const value = await readStored(exerciseId);
    if (!value) return undefined;
    if (value.encoding === 'gzip' && value.raw) return { gzipped: new Uint8Array(value.state), ...value.raw };
    const state = await rawState(value);
    const raw = { sha256: await sha256Hex(new Uint8Array(state)), bytes: state.byteLength };
    return { gzipped: new Uint8Array(await gzipTransform(state, 'compress')), ...raw };
  } catch (error) {
    warn(`read the VM state of exercise ${exerciseId}`, error);
    return undefined;
  }
}

/** Whether a state is saved for `exerciseId` (without reading the state itself). */
export async function hasExerciseState(exerciseId: string): Promise<boolean> {
  try {
    return (await run<number>('readonly', (store) => store.count(exerciseId))) > 0;
  } catch (error) {
    warn(`look for a saved state of exercise ${exerciseId}`, error);
    return false;
  }
}

export async function deleteExerciseState(exerciseId: string): Promise<void> {
  handedOver.delete(exerciseId);
  try {
    await run('readwrite', (store) => store.delete(exerciseId));
  } catch (error) {
    warn(`delete the VM state of exercise ${exerciseId}`, error);
  }
}
