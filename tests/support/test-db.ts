import { afterAll, beforeAll } from "vitest";
import { createTestDb, type DbKind, type TestDb } from "./databases";

export { createTestDb, DATABASES, type DbKind, type TestDb } from "./databases";

/**
 * A fresh database for the enclosing describe block: created in beforeAll, dropped in afterAll.
 * The returned object is filled in by beforeAll, so read `t.db` inside hooks and tests only.
 */
export function useTestDb(kind: DbKind): TestDb {
  const t = {} as TestDb;
  beforeAll(async () => {
    Object.assign(t, await createTestDb(kind));
  });
  afterAll(async () => {
    await t.drop?.();
  });
  return t;
}
