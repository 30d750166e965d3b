/**
 * Property-based fuzzing of the key forms (schema + data layer) and of the push API service.
 *
 * Case counts: FC_NUM_RUNS (default 1000) for the properties without a database (the schemas, and
 * readNupkg on every upload recipe); FC_NUM_RUNS / DB_DIVISOR (10) for each property that goes
 * through the database (create, edit, push, unlist/relist), on every database of TEST_DATABASES:
 * each such case costs several queries and transactions, which take 5-25 ms apiece on a 2-core box.
 * Reproduce a failure with FC_SEED=<seed> FC_PATH=<path> from the fast-check report.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { editApiKey } from "@/lib/api-keys/edit-api-key";
import { EXPIRY_DAYS } from "@/lib/keys/expiry";
import { createKeySchema, editKeySchema, PACKAGE_ID_RE } from "@/lib/keys/schemas";
import { DEFAULT_NUPKG_LIMITS, NupkgError, readNupkg } from "@/lib/nuget/nupkg";
import { pushPackage, setPackageListed } from "@/lib/nuget/service";
import { UsageRecorder } from "@/lib/nuget/usage";
import { normalizeVersion } from "@/lib/nuget/version";
import { apiKeyRows } from "@/tests/support/db-snapshot";
import { makeKey, makeOrganization, makePackage, makeUser } from "@/tests/support/factories";
import { failure, isSentence, smallest } from "@/tests/support/fuzz-report";
import { createForm, editForm, type FormFixtures } from "@/tests/support/key-form-arbitraries";
import {
  buildUpload,
  describeRecipe,
  recipe,
  validMetadata,
  versionPool,
  type Recipe,
} from "@/tests/support/nupkg-arbitraries";
import { drainUsage, storedFiles, useServiceFixture } from "@/tests/support/service-deps";
import { anyString, mixedString, validIdText } from "@/tests/support/string-arbitraries";
import { DATABASES } from "@/tests/support/test-db";

const RUNS = Math.max(1, Number(process.env.FC_NUM_RUNS ?? 1000));
/** Cases through the database are slow (several queries and a transaction or two each). */
const DB_DIVISOR = 10;
const DB_RUNS = Math.max(1, Math.ceil(RUNS / DB_DIVISOR));
const SEED = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const PATH = process.env.FC_PATH || undefined;
/** `examples` are inputs that once failed: they run on every run, before the random cases. */
const params = <T>(numRuns: number, examples: T[] = []): fc.Parameters<T> => ({
  numRuns,
  seed: SEED,
  path: PATH,
  endOnFailure: false,
  examples: PATH ? [] : examples,
});
/** A timeout that grows with the number of runs: generous per case, as PostgreSQL on 2 cores is slow. */
const timeout = (runs: number, msPerRun: number) => 60_000 + runs * msPerRun;

// ---------------------------------------------------------------------------------------------
// Pure properties: no database, so they run FC_NUM_RUNS cases each.

describe("fuzzing without a database", () => {
  const fixtures: FormFixtures = {
    user: "cmuser00000000000000000001",
    org: "cmorg000000000000000000001",
    foreignOrg: "cmorg000000000000000000002",
    stranger: "cmuser00000000000000000002",
    owned: ["Fz.Alpha", "Fz.Beta", "Fz.Gamma-1"],
    theirs: "Fz.Theirs",
  };

  it(
    `createKeySchema and editKeySchema never throw, and a success is within the rules (${RUNS} runs each)`,
    () => {
      fc.assert(
        fc.property(createForm(fixtures), (input) => {
          const parsed = createKeySchema.safeParse(input);
          if (!parsed.success) {
            expect(parsed.error.issues.length).toBeGreaterThan(0);
            for (const issue of parsed.error.issues) expect(issue.message).toMatch(/\S/);
            return;
          }
          const v = parsed.data;
          expect(v.name).toBe(v.name.trim());
          expect(v.name.length).toBeGreaterThanOrEqual(1);
          expect(v.name.length).toBeLessThanOrEqual(256);
          expect(EXPIRY_DAYS).toContain(v.expiresInDays);
          expect(v.scopes.length).toBeGreaterThanOrEqual(1);
          expect(v.glob === "" || (/^[A-Za-z0-9._*-]{1,100}$/.test(v.glob) && v.glob === v.glob.trim())).toBe(true);
          expect(v.glob !== "" || v.packages.length > 0).toBe(true);
          for (const p of v.packages) expect(PACKAGE_ID_RE.test(p) && p.length <= 100).toBe(true);
        }),
        params(RUNS),
      );
      fc.assert(
        fc.property(editForm(["cmkey000000000000000000001"], fixtures.owned, fixtures.theirs), (input) => {
          const parsed = editKeySchema.safeParse(input);
          if (parsed.success) expect(parsed.data.glob !== "" || parsed.data.packages.length > 0).toBe(true);
        }),
        params(RUNS),
      );
    },
    timeout(RUNS, 5),
  );

  it(
    `readNupkg answers any upload recipe with its info or a NupkgError of 400/413 and a sentence (${RUNS} runs)`,
    async () => {
      const statuses = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(recipe, async (r) => {
          const data = await buildUpload(r);
          let info: Awaited<ReturnType<typeof readNupkg>>;
          try {
            info = await readNupkg(data, DEFAULT_NUPKG_LIMITS);
          } catch (error) {
            if (!(error instanceof NupkgError))
              throw new Error(`readNupkg threw a ${String(error)} on ${describeRecipe(r, "")}`);
            statuses.set(String(error.status), (statuses.get(String(error.status)) ?? 0) + 1);
            expect([400, 413]).toContain(error.status);
            expect(isSentence(error.message), `not a sentence: ${JSON.stringify(error.message)}`).toBe(true);
            expect(validMetadata(r)).not.toBe(true);
            return;
          }
          statuses.set("ok", (statuses.get("ok") ?? 0) + 1);
          expect(PACKAGE_ID_RE.test(info.id) && info.id.length <= 100).toBe(true);
          expect(normalizeVersion(info.version)).toEqual({ ok: true, version: info.version });
          expect(normalizeVersion(info.originalVersion)).toEqual({ ok: true, version: info.version });
          expect(validMetadata(r)).not.toBe(false);
        }),
        params(RUNS),
      );
      console.info(`[fuzz] readNupkg: ${RUNS} cases, outcomes ${JSON.stringify(Object.fromEntries(statuses))}`);
    },
    timeout(RUNS, 30),
  );
});

// ---------------------------------------------------------------------------------------------
// Properties through the database: FC_NUM_RUNS / DB_DIVISOR cases each, on every database of the run.

describe.each(DATABASES)("fuzzing on %s", (kind) => {
  const { t, deps } = useServiceFixture(kind);
  /** The usage recorder logs each batch it cannot store; those logs are counted here, not printed. */
  let usageLogs = 0;
  beforeAll(() => {
    const original = console.error.bind(console);
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
      if (typeof args[0] === "string" && args[0].startsWith("[usage]")) usageLogs++;
      else original(...args);
    });
  });
  afterAll(() => {
    vi.restoreAllMocks();
    if (usageLogs > 0)
      console.info(`[fuzz ${kind}] the usage recorder reported ${usageLogs} batches it could not store`);
  });

  it(
    `createKeySchema + createApiKey: never throw, and write exactly one well-formed key or nothing (${DB_RUNS} runs)`,
    async () => {
      const user = await makeUser(t.db);
      const stranger = await makeUser(t.db);
      const org = await makeOrganization(t.db, [[user, "collaborator"]]);
      const foreignOrg = await makeOrganization(t.db, [[stranger, "admin"]]);
      for (const id of ["Fz.Alpha", "Fz.Beta", "Fz.Gamma-1"]) await makePackage(t.db, user, `${id}.${user}`);
      await makePackage(t.db, org, `Fz.Org.${org}`);
      await makePackage(t.db, stranger, `Fz.Theirs.${stranger}`);
      const owned = [`Fz.Alpha.${user}`, `Fz.Beta.${user}`, `Fz.Gamma-1.${user}`, `Fz.Org.${org}`];
      const form = createForm({ user, org, foreignOrg, stranger, owned, theirs: `Fz.Theirs.${stranger}` });

      let reached = 0;
      let created = 0;
      const threw: string[] = [];
      await fc.assert(
        fc.asyncProperty(form, async (input) => {
          const parsed = createKeySchema.safeParse(input);
          if (!parsed.success) return;
          reached++;
          const values = parsed.data;
          const before = await t.db.apiKey.count();
          let result: Awaited<ReturnType<typeof createApiKey>>;
          try {
            result = await createApiKey(t.db, user, values);
          } catch (error) {
            threw.push(failure(values, error));
            // Even then nothing may be half-written.
            expect(await t.db.apiKey.count()).toBe(before);
            return;
          }
          if (!result.ok) {
            expect(result.error).toMatch(/\S/);
            for (const field of Object.keys(result.fieldErrors ?? {})) expect(["ownerId", "packages"]).toContain(field);
            expect(await t.db.apiKey.count()).toBe(before);
            return;
          }
          created++;
          expect(await t.db.apiKey.count()).toBe(before + 1);
          const stored = await t.db.apiKey.findUniqueOrThrow({
            where: { id: result.data.key.id },
            include: { scopes: true, subjects: true },
          });
          expect(stored.scopes.map((s) => s.scope).sort()).toEqual([...new Set(values.scopes)].sort());
          expect(stored.scopes.length).toBeGreaterThanOrEqual(1);
          expect(Boolean(stored.glob) || stored.subjects.length > 0).toBe(true);
          expect(stored.name).toBe(values.name);
          expect(new Set(stored.subjects.map((s) => s.idKey))).toEqual(
            new Set(values.packages.map((p) => p.toLowerCase())),
          );
          expect([user, org]).toContain(stored.ownerId);
        }),
        params<[unknown]>(DB_RUNS, [
          // Names the schema accepts but the database cannot store (NUL: PostgreSQL; lone surrogate: both).
          [
            {
              name: "CI\u0000key",
              expiresInDays: 90,
              ownerId: user,
              scopes: ["package:push"],
              packages: [],
              glob: "*",
            },
          ],
          [{ name: "CI \ud800", expiresInDays: 90, ownerId: user, scopes: ["package:push"], packages: [], glob: "*" }],
          [{ name: "CI", expiresInDays: 90, ownerId: "\ud800", scopes: ["package:push"], packages: [], glob: "*" }],
        ]),
      );
      // Nothing anywhere is a key without a scope or without a subject.
      const all = await t.db.apiKey.findMany({ include: { _count: { select: { scopes: true, subjects: true } } } });
      expect(all.filter((k) => k._count.scopes === 0 || (!k.glob && k._count.subjects === 0))).toEqual([]);
      console.info(
        `[fuzz ${kind}] create: ${DB_RUNS} cases, ${reached} passed the schema, ${created} keys created, ${threw.length} threw`,
      );
      expect(smallest(threw), "valid create-form values on which createApiKey threw instead of answering").toEqual([]);
    },
    timeout(DB_RUNS, 300),
  );

  it(
    `editKeySchema + editApiKey: never throw, and a refusal leaves glob and subjects as they were (${DB_RUNS} runs)`,
    async () => {
      const user = await makeUser(t.db);
      const stranger = await makeUser(t.db);
      const mine = [`Fz.Edit.${user}`, `Fz.Edit.Two.${user}`];
      for (const p of mine) await makePackage(t.db, user, p);
      await makePackage(t.db, stranger, `Fz.Edit.Theirs.${stranger}`);
      const key = await makeKey(t.db, user, { scopes: ["package:push"], packages: [mine[0]!], glob: "Fz.Edit.*" });
      const theirs = await makeKey(t.db, stranger, { packages: [`Fz.Edit.Theirs.${stranger}`] });
      const legacy = await makeKey(t.db, user, { glob: "*" });
      await t.db.apiKey.update({
        where: { id: legacy.id },
        data: { legacy: true, expiresAt: null, durationDays: null },
      });
      const watched = [key.id, theirs.id, legacy.id];
      const form = editForm(watched, mine, `Fz.Edit.Theirs.${stranger}`);

      let reached = 0;
      let edited = 0;
      const threw: string[] = [];
      await fc.assert(
        fc.asyncProperty(form, async (input) => {
          const parsed = editKeySchema.safeParse(input);
          if (!parsed.success) return;
          reached++;
          const values = parsed.data;
          const before = await apiKeyRows(t.db);
          let result: Awaited<ReturnType<typeof editApiKey>>;
          try {
            result = await editApiKey(t.db, user, values);
          } catch (error) {
            threw.push(failure(values, error));
            expect(await apiKeyRows(t.db)).toEqual(before);
            return;
          }
          const after = await apiKeyRows(t.db);
          if (!result.ok) {
            expect(result.error).toMatch(/\S/);
            expect(after).toEqual(before);
            return;
          }
          edited++;
          expect(values.keyId).toBe(key.id);
          const unique = new Map(values.packages.map((p) => [p.toLowerCase(), p]));
          const expected = before.map((row) =>
            row.id === key.id
              ? { ...row, glob: values.glob || null, subjects: [...unique].map(([k, p]) => `${k}|${p}`).sort() }
              : row,
          );
          expect(after).toEqual(expected);
        }),
        params<[unknown]>(DB_RUNS, [
          [{ keyId: "\ud800", packages: [], glob: "*" }],
          [{ keyId: "key\u0000", packages: [], glob: "*" }],
        ]),
      );
      console.info(
        `[fuzz ${kind}] edit: ${DB_RUNS} cases, ${reached} passed the schema, ${edited} edits applied, ${threw.length} threw`,
      );
      expect(smallest(threw), "valid edit-form values on which editApiKey threw instead of answering").toEqual([]);
    },
    timeout(DB_RUNS, 300),
  );

  it(
    `pushPackage: any upload gets 201/400/403/409/413 with a sentence, and leaves no partial write (${DB_RUNS} runs)`,
    async () => {
      const user = await makeUser(t.db);
      const stranger = await makeUser(t.db);
      await makePackage(t.db, stranger, "Fz.Other", ["1.0.0"]);
      const key = await makeKey(t.db, user, { scopes: ["package:push"], glob: "*" });
      const req = { apiKey: key.secret, ip: "127.0.0.1", userAgent: "fuzz" };

      /** The user's packages and versions, the files on disk, and the key's usage records. */
      const state = async () => {
        const packages = await t.db.package.findMany({
          where: { ownerId: user },
          select: { versions: { select: { storagePath: true } } },
        });
        const versions = packages.flatMap((p) => p.versions);
        const files = await storedFiles(deps.store);
        return {
          versions: versions.length,
          stored: versions.filter((v) => v.storagePath !== null).length,
          empty: packages.filter((p) => p.versions.length === 0).length,
          nupkgs: files.filter((f) => f.endsWith(".nupkg")).length,
          partials: files.filter((f) => f.endsWith(".partial")),
        };
      };

      const statuses = new Map<number, number>();
      const lostUsage: string[] = [];
      let created = 0;
      let usageExpected = 0;
      await fc.assert(
        fc.asyncProperty(recipe, async (r) => {
          const data = await buildUpload(r);
          // A recorder per case, so that a batch that cannot be stored is this case's alone.
          const usage = new UsageRecorder(t.db);
          let result: Awaited<ReturnType<typeof pushPackage>>;
          try {
            result = await pushPackage({ ...deps, usage }, req, async () => data);
          } catch (error) {
            throw new Error(`pushPackage threw ${String(error).slice(0, 300)} on ${describeRecipe(r, "")}`);
          }
          await usage.flush();
          usageExpected++;
          const usageStored = await t.db.usageEvent.count({ where: { keyId: key.id } });
          if (usageStored !== usageExpected) {
            lostUsage.push(describeRecipe(r, result.message));
            await drainUsage(usage);
            usageExpected = usageStored;
          }

          statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
          expect([201, 400, 403, 409, 413]).toContain(result.status);
          expect(isSentence(result.message), `not a sentence: ${JSON.stringify(result.message)}`).toBe(true);
          if (result.status === 201) created++;
          const valid = validMetadata(r);
          if (valid === false) expect([400, 413]).toContain(result.status);
          if (valid === true) expect([201, 403, 409]).toContain(result.status);

          // No partial write: one row per 201, one file per stored row, no temp files, no package without versions.
          const now = await state();
          expect(now).toEqual({ versions: created, stored: created, empty: 0, nupkgs: created, partials: [] });
          if (result.status === 201) {
            const match = /^Created (\S+) (\S+)\.$/.exec(result.message);
            expect(match, result.message).not.toBeNull();
            const row = await t.db.packageVersion.findFirst({
              where: { package: { idKey: match![1]!.toLowerCase() }, versionKey: match![2]!.toLowerCase() },
              include: { package: true },
            });
            expect(row?.package.ownerId).toBe(user);
            expect(PACKAGE_ID_RE.test(row!.package.packageId) && row!.package.packageId.length <= 100).toBe(true);
            expect(normalizeVersion(row!.version)).toEqual({ ok: true, version: row!.version });
          }
        }),
        params<[Recipe]>(DB_RUNS, [
          // The refusal quotes the id cut at 100 UTF-16 units, which splits the emoji into a lone surrogate.
          [{ kind: "meta", id: "a".repeat(99) + "\u{1F600}b", version: "1.0.0", escape: true }],
          // A UTF-16 nuspec with an unpaired surrogate: the XML error message quotes it.
          [{ kind: "nuspec", text: `<package>\ud803</package>`, encoding: "utf16le", invalidBytes: false }],
        ]),
      );
      console.info(`[fuzz ${kind}] push: ${DB_RUNS} cases, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
      // SPEC 4.5 / 5.2: every authenticated call leaves a usage record (and, in the same batch, an audit event).
      expect(smallest(lostUsage), "push calls whose usage record and audit event were not stored").toEqual([]);
    },
    timeout(DB_RUNS, 500),
  );

  it("one usage record that cannot be stored does not take the other calls of its batch down with it", async () => {
    const user = await makeUser(t.db);
    await makePackage(t.db, user, `Fz.Batch.${user}`, ["1.0.0"]);
    const key = await makeKey(t.db, user, { scopes: ["package:unlist"], glob: "*" });
    const usage = new UsageRecorder(t.db);
    const req = { apiKey: key.secret, ip: "203.0.113.7", userAgent: "batch" };
    const good = await setPackageListed({ ...deps, usage }, req, {
      packageId: `Fz.Batch.${user}`,
      version: "1.0.0",
      listed: false,
    });
    expect(good.status).toBe(200);
    // DELETE /api/v2/package/<99 a>%F0%9F%98%80/1.0.0, sent by anyone holding a key, within the same 50 ms batch.
    const bad = await setPackageListed({ ...deps, usage }, req, {
      packageId: "a".repeat(99) + "\u{1F600}",
      version: "1.0.0",
      listed: false,
    });
    expect(bad.status).toBe(404);
    await drainUsage(usage);
    const stored = await t.db.usageEvent.findMany({ where: { keyId: key.id }, select: { status: true } });
    const audited = await t.db.auditEvent.findMany({
      where: { keyId: key.id, action: "package.unlist" },
      select: { result: true },
    });
    const { lastUsedAt } = await t.db.apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { lastUsedAt: true } });
    expect({ usage: stored.map((u) => u.status).sort(), audit: audited.length, lastUsed: lastUsedAt !== null }).toEqual(
      {
        usage: [200, 404],
        audit: 2,
        lastUsed: true,
      },
    );
  });

  it(
    `setPackageListed: any id and version get 200/400/403/404 and only a 200 changes the flag (${DB_RUNS} runs)`,
    async () => {
      const user = await makeUser(t.db);
      const stranger = await makeUser(t.db);
      const own = `Fz.List.${user}`;
      await makePackage(t.db, user, own, ["1.0.0", "2.0.0-beta", "3.0.0.1"]);
      await makePackage(t.db, stranger, `Fz.List.Theirs.${stranger}`, ["1.0.0"]);
      const unlistAll = await makeKey(t.db, user, { scopes: ["package:unlist"], glob: "*" });
      const pushOnly = await makeKey(t.db, user, { scopes: ["package:push"], glob: "*" });
      const narrow = await makeKey(t.db, user, { scopes: ["package:unlist"], glob: "Nothing.*" });
      const keys = [unlistAll, unlistAll, unlistAll, pushOnly, narrow];

      const packageId = fc.oneof(
        // The last two: valid URL path segments (…%F0%9F%98%80) whose emoji straddles the 100th UTF-16 unit.
        {
          arbitrary: fc.constantFrom(
            own,
            own,
            own.toUpperCase(),
            own.toLowerCase(),
            `Fz.List.Theirs.${stranger}`,
            ` ${own}`,
            `${own}/`,
            "a".repeat(99) + "\u{1F600}",
            "a".repeat(99) + "\u{1F600}.b",
          ),
          weight: 5,
        },
        { arbitrary: validIdText, weight: 1 },
        { arbitrary: anyString(130), weight: 2 },
        { arbitrary: mixedString(40), weight: 1 },
      );
      const version = fc.oneof(
        {
          arbitrary: fc.constantFrom(
            "1.0.0",
            "1.0.0",
            "1.0",
            "1",
            "1.0.0.0",
            "01.0.0",
            "2.0.0-BETA",
            "2.0.0-beta+build",
            "3.0.0.1",
            "3.0.0.01",
            "9.9.9",
            `1.0.0-${"a".repeat(57)}\u{1F600}`,
          ),
          weight: 4,
        },
        { arbitrary: versionPool, weight: 2 },
      );
      const target = fc.record({ key: fc.nat({ max: keys.length - 1 }), packageId, version, listed: fc.boolean() });
      const flags = async () =>
        await t.db.packageVersion.findMany({
          where: { package: { ownerId: { in: [user, stranger] } } },
          select: { id: true, listed: true },
          orderBy: { id: "asc" },
        });

      const statuses = new Map<number, number>();
      const lostUsage: string[] = [];
      const usageExpected = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(target, async ({ key: k, ...request }) => {
          const key = keys[k]!;
          const before = await flags();
          const usage = new UsageRecorder(t.db);
          let result: Awaited<ReturnType<typeof setPackageListed>>;
          try {
            result = await setPackageListed(
              { ...deps, usage },
              { apiKey: key.secret, ip: null, userAgent: null },
              request,
            );
          } catch (error) {
            throw new Error(`setPackageListed threw ${String(error).slice(0, 300)} on ${JSON.stringify(request)}`);
          }
          await usage.flush();
          const expectedUsage = (usageExpected.get(key.id) ?? 0) + 1;
          const usageStored = await t.db.usageEvent.count({ where: { keyId: key.id } });
          usageExpected.set(key.id, usageStored);
          if (usageStored !== expectedUsage) {
            lostUsage.push(JSON.stringify({ ...request, status: result.status }));
            await drainUsage(usage);
          }

          statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
          expect([200, 400, 403, 404]).toContain(result.status);
          expect(isSentence(result.message), `not a sentence: ${JSON.stringify(result.message)}`).toBe(true);
          const after = await flags();
          expect(after.map((v) => v.id)).toEqual(before.map((v) => v.id));
          const changed = after.filter((row, i) => row.listed !== before[i]!.listed);
          if (result.status !== 200) expect(changed).toEqual([]);
          else {
            expect(changed.length).toBeLessThanOrEqual(1);
            expect(changed.every((row) => row.listed === request.listed)).toBe(true);
          }
        }),
        params(DB_RUNS, [
          // DELETE /api/v2/package/aaa…a%F0%9F%98%80/1.0.0: the usage record cuts the id at 100 units, mid-emoji.
          [{ key: 0, packageId: "a".repeat(99) + "\u{1F600}", version: "1.0.0", listed: false }],
          // DELETE /api/v2/package/%00/1.0.0: PostgreSQL cannot store NUL in text.
          [{ key: 0, packageId: "\u0000", version: "1.0.0", listed: false }],
        ]),
      );
      console.info(`[fuzz ${kind}] listed: ${DB_RUNS} cases, statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
      expect(smallest(lostUsage), "unlist/relist calls whose usage record and audit event were not stored").toEqual([]);
    },
    timeout(DB_RUNS, 300),
  );
});
