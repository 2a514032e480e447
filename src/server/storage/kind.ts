/** Which database the storage layer talks to: SQLite (the default, a file) or PostgreSQL (DATABASE_URL). */
export type DatabaseKind = 'sqlite' | 'postgres';
