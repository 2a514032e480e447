/**
 * The server's clock as seen from this browser: the offset between the server's `serverNow`
 * and the local clock at the moment the answer arrived, so the countdown follows the server
 * even when the laptop's clock is wrong.
 *
 * @example
 * const clock = serverClock(sitting.serverNow); // just received
 * clock.now(); // the server's time now, in epoch ms
 */
export interface ServerClock {
  now(): number;
  /** Another reading of the server's clock (each answer carries one). */
  update(serverNow: number): void;
}

export function serverClock(serverNow: number, localNow: () => number = Date.now): ServerClock {
  let offset = serverNow - localNow();
  return {
    now: () => localNow() + offset,
    update(next) {
      offset = next - localNow();
    },
  };
}
