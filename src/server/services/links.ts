/** The URLs an instructor hands out: the join link, the dashboard, and the dashboard with a one-time login token. */
export interface WorkshopLinks {
  joinUrl: string;
  dashboardUrl: string;
}

export function workshopLinks(baseUrl: string, code: string, loginToken?: string): WorkshopLinks {
  const base = baseUrl.replace(/\/+$/, '');
  const dashboardPath = `/classroom/dashboard/?code=${code}`;
  return {
    joinUrl: `${base}/classroom/join/?code=${code}`,
    dashboardUrl: loginToken ? `${base}/api/auth/token-login?token=${encodeURIComponent(loginToken)}&next=${encodeURIComponent(dashboardPath)}` : `${base}${dashboardPath}`,
  };
}
