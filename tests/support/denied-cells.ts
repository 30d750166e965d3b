import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/create-db";
import { changes, snapshot, type Snapshot } from "./db-snapshot";

/**
 * The "denied" block of an authorization matrix: each cell runs in turn and must leave every table as the cell
 * before it left it (each cell's "after" is the next one's "before": nothing else writes in between).
 */
export function describeDenied<Cell>(
  cells: readonly Cell[],
  title: (cell: Cell) => string,
  run: (cell: Cell) => Promise<unknown>,
  db: () => Db,
): void {
  describe("denied", () => {
    let before: Snapshot;
    beforeAll(async () => {
      before = await snapshot(db());
    });
    for (const cell of cells) {
      it(title(cell), async () => {
        try {
          await run(cell);
        } finally {
          const after = await snapshot(db());
          const changed = changes(before, after);
          before = after;
          expect(changed, "rows changed by a denied call").toEqual({});
        }
      });
    }
  });
}
