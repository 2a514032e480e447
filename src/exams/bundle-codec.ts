/**
 * Encoding a task's VM state for the results bundle and decoding it again, with the same
 * code in browsers and Node (CompressionStream, crypto.subtle, base64 natively where the
 * runtime has it).
 */
import type { BundleTask } from './schema.ts';

type EncodedState = NonNullable<BundleTask['state']>;

/**
 * The bytes through a (de)compression stream, written in one piece and read back whole: a
 * Blob's stream of a 19 MB state is read back in small pieces through the browser's blob
 * storage, several times slower on a busy page (src/lib/gzip-off-thread.ts, whose worker has
 * its own copy of these lines).
 */
export function throughStream(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<ArrayBuffer> {
  const writer = stream.writable.getWriter();
  // Bytes that are not gzip reject these and the read below; the read reports it.
  writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => undefined);
  writer.close().catch(() => undefined);
  return new Response(stream.readable).arrayBuffer();
}

const through = async (bytes: Uint8Array, stream: CompressionStream | DecompressionStream) => new Uint8Array(await throughStream(bytes, stream));

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

type Base64Bytes = Uint8Array & { toBase64?: () => string };
type NodeBuffer = { from(bytes: ArrayBufferLike, offset: number, length: number): { toString(encoding: 'base64'): string } };

/**
 * Base64 of `bytes`: the runtime's own encoder where there is one (browsers'
 * Uint8Array.prototype.toBase64, Node's Buffer), else in chunks. A 6 MB state takes about
 * 0.5 s of the page's thread in chunks, a few ms natively.
 */
function toBase64(bytes: Uint8Array): string {
  const native = (bytes as Base64Bytes).toBase64;
  if (native) return native.call(bytes);
  const buffer = (globalThis as { Buffer?: NodeBuffer }).Buffer;
  if (buffer) return buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The bytes of base64 `text`; throws on characters that are not base64 (as atob does, unlike Node's lenient Buffer). */
function fromBase64(text: string): Uint8Array {
  const native = (Uint8Array as { fromBase64?: (text: string) => Uint8Array }).fromBase64;
  if (native) return native(text);
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export async function encodeState(state: ArrayBuffer): Promise<EncodedState> {
  const raw = new Uint8Array(state);
  const compressed = await through(raw, new CompressionStream('gzip'));
  return { encoding: 'gzip+base64', sha256: await sha256Hex(raw), bytes: raw.length, data: toBase64(compressed) };
}

/**
 * The same encoding from a state already gzipped (as the browser stores and uploads it), given
 * the raw state's sha256 and length: only base64 is left to do, not gunzip and gzip again.
 */
export function encodeGzippedState(gzipped: Uint8Array, raw: { sha256: string; bytes: number }): EncodedState {
  return { encoding: 'gzip+base64', sha256: raw.sha256, bytes: raw.bytes, data: toBase64(gzipped) };
}

/** The VM state of a bundle task; throws a sentence naming what is wrong when the data is damaged. */
export async function decodeState(encoded: EncodedState, taskId: string): Promise<ArrayBuffer> {
  let raw: Uint8Array;
  try {
    raw = await through(fromBase64(encoded.data), new DecompressionStream('gzip'));
  } catch (error) {
    throw new Error(`task ${taskId}: the VM state is not valid gzip+base64 data (${error instanceof Error ? error.message : String(error)}); the bundle is damaged`);
  }
  if (raw.length !== encoded.bytes) throw new Error(`task ${taskId}: the VM state is ${raw.length} bytes, the bundle says ${encoded.bytes}; the bundle is damaged or was edited`);
  if ((await sha256Hex(raw)) !== encoded.sha256) throw new Error(`task ${taskId}: the VM state does not match its sha256; the bundle is damaged or was edited`);
  return raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer;
}
