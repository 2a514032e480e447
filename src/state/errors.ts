/** State output that cannot be trusted: truncated, garbled, or missing a section. */
export class StateParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StateParseError';
  }
}
