/**
 * The server's settings, from the environment:
 * - PORT (default 4321) and HOST (default 127.0.0.1);
 * - DATABASE_URL: a postgres:// URL; without it, SQLite in $STACKLAB_DATA/stacklab.sqlite
 *   (STACKLAB_DATA defaults to ./data);
 * - STACKLAB_PUBLIC_URL: the address learners use (behind a reverse proxy, e.g.
 *   https://lab.example.org), for links and the origin check;
 * - STACKLAB_TRUST_PROXY=1: take the client address from X-Forwarded-For (only behind a proxy you run).
 */
export interface ServerConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  publicUrl?: string;
  trustProxy: boolean;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 4321);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a port number, received "${env.PORT}".`);
  if (env.STACKLAB_PUBLIC_URL && !/^https?:\/\/[^/]+\/?$/.test(env.STACKLAB_PUBLIC_URL)) {
    throw new Error(`STACKLAB_PUBLIC_URL must be an origin like https://lab.example.org, received "${env.STACKLAB_PUBLIC_URL}".`);
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.STACKLAB_DATA || 'data',
    publicUrl: env.STACKLAB_PUBLIC_URL?.replace(/\/$/, '') || undefined,
    trustProxy: env.STACKLAB_TRUST_PROXY === '1',
  };
}

/** The base of the links the CLI prints. */
export const baseUrlOf = (config: ServerConfig) => config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
