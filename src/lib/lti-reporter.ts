/**
 * Reports the Check results of an exercise opened from an LMS (an LTI launch) to the server,
 * which keeps the learner's best and posts it to the LMS gradebook. The launch page left the
 * launch token in localStorage (`stacklab:lti`); without one, or for another exercise than the
 * launch's, nothing is sent anywhere. A report that could not be sent (offline) waits for the
 * next Check or for the browser to be back online; the best one is what counts.
 *
 * @example
 * installLtiReporter(window, window.localStorage);   // once per page load (site-boot)
 */
import { z } from 'zod';
import { CHECK_REPORT_EVENT, type CheckReportDetail } from './classroom/events.ts';

export const LTI_LAUNCH_KEY = 'stacklab:lti';
export const LTI_REPORTS_PATH = '/api/lti/reports';

const launchSchema = z.object({ token: z.string().startsWith('slti_'), target: z.string(), expiresAt: z.number() });
export type LtiLaunchEntry = z.infer<typeof launchSchema>;

type Store = Pick<Storage, 'getItem' | 'removeItem'>;

export function readLtiLaunch(storage: Store | undefined, now = Date.now()): LtiLaunchEntry | undefined {
  try {
    const parsed = launchSchema.safeParse(JSON.parse(storage?.getItem(LTI_LAUNCH_KEY) ?? 'null'));
    if (!parsed.success) return undefined;
    if (parsed.data.expiresAt < now) {
      storage?.removeItem(LTI_LAUNCH_KEY);
      return undefined;
    }
    return parsed.data;
  } catch {
    return undefined;
  }
}

export interface LtiReporter {
  /** Resolves when the reports sent so far have been answered (for tests). */
  settled(): Promise<void>;
}

/** `base` is '' in the browser (same origin); tests pass the server's URL. */
export function installLtiReporter(win: Pick<Window, 'addEventListener'>, storage: Store | undefined, base = ''): LtiReporter {
  let unsent: { exercise: string; score: number; max: number } | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const send = () => {
    const launch = readLtiLaunch(storage);
    const report = unsent;
    if (!launch || !report) return;
    inFlight = inFlight.then(async () => {
      try {
        const response = await fetch(`${base}${LTI_REPORTS_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${launch.token}` },
          body: JSON.stringify(report),
        });
        if (response.status === 401) storage?.removeItem(LTI_LAUNCH_KEY);
        if (response.status < 500 && unsent === report) unsent = undefined;
      } catch {
        // Offline: kept for the next Check or the 'online' event.
      }
    });
  };
  win.addEventListener(CHECK_REPORT_EVENT, (event) => {
    const { exercise, report } = (event as CustomEvent<CheckReportDetail>).detail;
    const launch = readLtiLaunch(storage);
    // The gradebook gets what the learner's work made pass, not the checks the set-up already met.
    if (!launch || launch.target !== `exercise:${exercise}` || !(report.earned.maximum > 0)) return;
    const candidate = { exercise, score: report.earned.score, max: report.earned.maximum };
    if (!unsent || candidate.score * unsent.max > unsent.score * candidate.max) unsent = candidate;
    send();
  });
  win.addEventListener('online', send);
  return { settled: () => inFlight };
}

/** The page's reporter: this window, its localStorage (none when the browser refuses it). */
export function installLtiReporterInPage(): LtiReporter {
  let storage: Storage | undefined;
  try {
    storage = window.localStorage;
  } catch {
    storage = undefined;
  }
  return installLtiReporter(window, storage);
}
