/**
 * A task's autosave read from its request body, in either of two forms:
 * - multipart/form-data, as the browser sends it: `meta` (JSON, taskStateMetaSchema) and
 *   `state`, the gzipped state's bytes, kept in the bundle's encoding (gzip+base64);
 * - JSON (taskStateUploadSchema), the state already in the bundle's encoding, as a page loaded
 *   before the server took multipart still sends it, and as scripts may.
 * Anything else is a 400 or 415 that says what the body should be.
 */
import type { HonoRequest } from 'hono';
import { encodeGzippedState } from '../../exams/bundle-codec.ts';
import { taskStateMetaSchema, taskStateUploadSchema, type TaskStateUpload } from '../exam-schemas.ts';
import { ServiceError } from '../services/errors.ts';
import { malformedJson, validated } from './validate.ts';

const mediaType = (req: HonoRequest) => (req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();

async function fromJson(req: HonoRequest): Promise<TaskStateUpload> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw malformedJson();
  }
  return validated(taskStateUploadSchema, body, 'json');
}

async function fromMultipart(req: HonoRequest): Promise<TaskStateUpload> {
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw new ServiceError(400, 'malformed-form', 'The request body is not valid multipart/form-data.');
  }
  const metaText = form.get('meta');
  const state = form.get('state');
  if (typeof metaText !== 'string') throw new ServiceError(400, 'invalid-request', "The request has no 'meta' part: the task state's sha256 and bytes (and its answers, image build) as JSON.");
  if (!(state instanceof Blob) || state.size === 0) throw new ServiceError(400, 'invalid-request', "The request has no 'state' part, or it is empty: the gzipped VM state, as a file.");
  let meta: unknown;
  try {
    meta = JSON.parse(metaText);
  } catch {
    throw malformedJson("request's meta part");
  }
  const { sha256, bytes, ...rest } = validated(taskStateMetaSchema, meta, 'meta part');
  return { ...rest, state: encodeGzippedState(new Uint8Array(await state.arrayBuffer()), { sha256, bytes }) };
}

export function readTaskStateUpload(req: HonoRequest): Promise<TaskStateUpload> {
  const type = mediaType(req);
  if (type === 'multipart/form-data') return fromMultipart(req);
  if (/^application\/([\w.-]+\+)?json$/.test(type)) return fromJson(req);
  throw new ServiceError(415, 'unsupported-media-type', `A task state is sent as multipart/form-data (a 'meta' JSON part and a 'state' file part) or as JSON, not as '${type || 'no content type'}'.`);
}
