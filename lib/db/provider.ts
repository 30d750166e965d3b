import type { Db, Tx } from "./create-db";

/** Whether this client (or transaction) talks to PostgreSQL, where several instances may share the database. */
export function isPostgresClient(db: Db | Tx): boolean {
  return (db as unknown as { _activeProvider?: string })._activeProvider === "postgresql";
}
