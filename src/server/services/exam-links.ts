/** The URLs of an exam session: where candidates sit it, and its results (optionally through a one-time login token). */
export interface ExamLinks {
  session: string;
  sitUrl: string;
  dashboardUrl: string;
}

export function examLinks(baseUrl: string, code: string, loginToken?: string): ExamLinks {
  const base = baseUrl.replace(/\/+$/, '');
  const dashboardPath = `/exams/session-results/?s=${code}`;
  return {
    session: code,
    sitUrl: `${base}/exams/session/?s=${code}`,
    dashboardUrl: loginToken ? `${base}/api/auth/token-login?token=${encodeURIComponent(loginToken)}&next=${encodeURIComponent(dashboardPath)}` : `${base}${dashboardPath}`,
  };
}
