import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/lib/fetch-with-progress.ts';
import { describeDownloadFailure, VmLoadError } from '../../src/lib/vm-load-error.ts';

describe('a failed VM download', () => {
  it('that is a 404 tells the site owner to build the image', () => {
    const error = describeDownloadFailure(new HttpError('/vm/image.json', 404), 'VM image description');
    expect(error.failure).toBe('image-missing');
    expect(error.message).toBe('The server has no VM image description (/vm/image.json was not found).');
    expect(error.advice).toMatch(/npm run build:image/);
  });

  it('that is another HTTP error suggests a retry', () => {
    const error = describeDownloadFailure(new HttpError('/vm/state.json', 503), 'VM snapshot description');
    expect(error.failure).toBe('network');
    expect(error.advice).toMatch(/Retry/);
  });

  it('that is a network error keeps the browser message', () => {
    const error = describeDownloadFailure(new TypeError('Failed to fetch'), 'VM snapshot');
    expect(error.message).toBe('Downloading VM snapshot failed: Failed to fetch.');
  });

  it('that is already explained stays as it is', () => {
    const original = new VmLoadError('corrupt-snapshot', 'bad', 'retry');
    expect(describeDownloadFailure(original, 'x')).toBe(original);
  });
});
