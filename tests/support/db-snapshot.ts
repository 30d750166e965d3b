// Whole-database and per-table snapshots, to prove a call wrote nothing (or only what it should).
import { Prisma } from "@gallery/prisma-sqlite";
import type { Db } from "@/lib/db/create-db";

/** Every model of the schema (no @@map: each model's table has its name). */
const MODELS = Object.values(Prisma.ModelName);
const delegateOf = (model: string) => model[0]!.toLowerCase() + model.slice(1);

/** Each model delegate's name (`apiKey`, …) with its rows, each row as JSON, sorted. */
export type Snapshot = Record<string, string[]>;

/**
 * Every row of every model. One batch of `SELECT *` through the Prisma client: a third of the CPU of the
 * model delegates' findMany, which matters at one snapshot per call × 700 calls × 2 databases.
 * The authorization matrix checks that it sees exactly what the delegates see.
 */
export async function snapshot(db: Db): Promise<Snapshot> {
  const results = await db.$transaction(
    MODELS.map((model) => db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${model}"`)),
  );
  const json = (row: unknown) => JSON.stringify(row, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
  return Object.fromEntries(MODELS.map((model, i) => [delegateOf(model), results[i]!.map(json).sort()]));
}

/** The tables whose rows differ, with the rows that appeared and disappeared. */
export function changes(before: Snapshot, after: Snapshot): Record<string, { added: string[]; removed: string[] }> {
  const diff: Record<string, { added: string[]; removed: string[] }> = {};
  for (const table of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = new Set(before[table]);
    const is = new Set(after[table]);
    const added = [...is].filter((row) => !was.has(row));
    const removed = [...was].filter((row) => !is.has(row));
    if (added.length || removed.length) diff[table] = { added, removed };
  }
  return diff;
}

export const changedTables = (before: Snapshot, after: Snapshot) => Object.keys(changes(before, after));

/** Every API key of the database with what an edit may or may not touch, in one query. */
export async function apiKeyRows(db: Db) {
  return (await db.apiKey.findMany({ include: { subjects: true, scopes: true }, orderBy: { id: "asc" } })).map(
    (row) => ({
      id: row.id,
      glob: row.glob,
      subjects: row.subjects.map((s) => `${s.idKey}|${s.packageId}`).sort(),
      scopes: row.scopes.map((s) => s.scope).sort(),
      expiresAt: row.expiresAt?.getTime() ?? null,
      ownerId: row.ownerId,
      name: row.name,
      hash: row.hash,
    }),
  );
}
