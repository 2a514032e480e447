import { describe, expect, it } from 'vitest';
import { formatBytes, formatPercent } from '../../src/lib/format-bytes.ts';
import { progressText } from '../../src/lib/vm-status-text.ts';

describe('the loading message', () => {
  it('shows bytes and percent while downloading', () => {
    expect(progressText({ stage: 'download', receivedBytes: 2_500_000, totalBytes: 10_000_000 })).toEqual({
      text: 'Downloading the Linux VM: 2.5 MB of 10.0 MB (25%)',
      bar: { value: 2_500_000, max: 10_000_000 },
    });
  });

  it('has an indeterminate bar before and after the download', () => {
    expect(progressText(undefined).bar).toBeUndefined();
    expect(progressText({ stage: 'start', receivedBytes: 1, totalBytes: 1 })).toEqual({ text: 'Starting the Linux VM…' });
  });
});

describe('byte and percent formats', () => {
  it.each([
    [999, '999 B'],
    [14_300, '14 kB'],
    [14_680_064, '14.7 MB'],
  ])('%d bytes read as %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it('never passes 100% or divides by zero', () => {
    expect(formatPercent(11, 10)).toBe('100%');
    expect(formatPercent(1, 0)).toBe('0%');
  });
});
