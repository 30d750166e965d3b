/**
 * Races on one key or one package, on each database. Every parallel call must settle cleanly: a
 * rejected promise (SQLite BUSY, a transaction timeout, a PostgreSQL serialization failure, a Prisma
 * "record not found") is a bug, because the UI and the push API would answer 500.
 */
import { describe, expect, it } from "vitest";
import { deleteApiKey } from "@/lib/api-keys/delete-api-key";
import { regenerateApiKey } from "@/lib/api-keys/regenerate-api-key";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { hashKey } from "@/lib/keys/format";
import { pushPackage } from "@/lib/nuget/service";
import { buildNupkg } from "@/tests/support/build-nupkg";
import { makeKey, makePackage, makeUser } from "@/tests/support/factories";
import { describeError, INVALID, unexpected, type Op, type Outcome } from "@/tests/support/race-outcomes";
import { storedFiles, useServiceFixture } from "@/tests/support/service-deps";
import { DATABASES } from "@/tests/support/test-db";

const REVOKED = "This API key has been revoked.";

describe.each(DATABASES)("concurrent key changes and pushes on %s", (kind) => {
  const { t, deps } = useServiceFixture(kind);
  let seq = 0;

  const push = (apiKey: string, id: string, version: string) =>
    pushPackage(deps, { apiKey, ip: "127.0.0.1", userAgent: `concurrency/${kind}` }, () => buildNupkg({ id, version }));
  const nextVersion = () => `9.0.${++seq}`;
  /** A new user with a key that may push any package id. */
  const makePushKey = async () => {
    const owner = await makeUser(t.db);
    return { owner, key: await makeKey(t.db, owner, { scopes: ["package:push"], glob: "*" }) };
  };
  /** Each race collects its problems, then prints one line (what ran, how long) and expects there were none. */
  function raceReport() {
    const started = performance.now();
    const problems: string[] = [];
    const end = (summary: string) => {
      console.info(`[${kind}] ${summary}, ${Math.round(performance.now() - started)} ms`);
      expect(problems).toEqual([]);
    };
    return { problems, end };
  }

  /** Runs the calls at once and turns each settled promise into an outcome; rejections are kept as such. */
  async function race(owner: string, keyId: string, secret: string, ops: Op[], packageId: string): Promise<Outcome[]> {
    const calls = ops.map((op, i): Promise<Outcome> => {
      if (op === "regenerate")
        return regenerateApiKey(t.db, owner, keyId).then((r) =>
          r.ok ? { op, ok: true, secret: r.data.secret } : { op, ok: false, error: r.error },
        );
      if (op === "delete")
        return deleteApiKey(t.db, owner, keyId).then((r) =>
          r.ok ? { op, ok: true } : { op, ok: false, error: r.error },
        );
      return push(secret, packageId, `1.0.${i}`).then((reply) => ({ op, reply }));
    });
    const settled = await Promise.allSettled(calls);
    return settled.map((s, i) =>
      s.status === "fulfilled" ? s.value : { op: ops[i] ?? "push", rejected: describeError(s.reason) },
    );
  }

  /** Pushes the given versions of one package id at once; then counts its rows and lists its files. */
  async function pushAtOnce(secret: string, packageId: string, versions: string[]) {
    const idKey = packageId.toLowerCase();
    const settled = await Promise.allSettled(versions.map((version) => push(secret, packageId, version)));
    return {
      settled,
      packages: await t.db.package.count({ where: { idKey } }),
      versions: await t.db.packageVersion.count({ where: { package: { idKey } } }),
      files: (await storedFiles(deps.store)).filter((key) => key.startsWith(`${idKey}/`)),
    };
  }

  /** Asserts that exactly `working` (or nothing) opens the key and every other secret gets 403. */
  async function onlyThisSecretWorks(keyId: string, secrets: string[], working: string | null, problems: string[]) {
    const packageId = `Check.${keyId}`;
    for (const secret of secrets) {
      const reply = await push(secret, packageId, nextVersion());
      if (secret === working) {
        if (reply.status !== 201) problems.push(`the current secret was refused: ${reply.status} ${reply.message}`);
      } else if (reply.status !== 403 || !INVALID.test(reply.message)) {
        problems.push(`a replaced or deleted secret (…${secret.slice(-4)}) answered ${reply.status} ${reply.message}`);
      }
    }
  }

  it("50 parallel regenerates, deletes and pushes on one key leave one consistent outcome", async () => {
    const { problems, end } = raceReport();
    const { owner, key } = await makePushKey();
    // The package exists, so the racing pushes add versions (the new-id race is the burst test's subject).
    const packageId = `Mixed.${key.id}`;
    await makePackage(t.db, owner, packageId, ["0.0.1"]);
    // 42 regenerates, 3 deletes, 5 pushes with the original secret, interleaved.
    const ops: Op[] = Array.from({ length: 50 }, (_, i) =>
      [12, 29, 44].includes(i) ? "delete" : [3, 17, 25, 36, 48].includes(i) ? "push" : "regenerate",
    );
    // Warm the verification cache so the racing pushes may be served from it.
    const warm = await push(key.secret, `Warm.${key.id}`, "0.0.1");
    expect(warm.status).toBe(201);
    const outcomes = await race(owner, key.id, key.secret, ops, packageId);
    await deps.usage.flush();

    problems.push(...unexpected(outcomes));
    const secrets = outcomes.flatMap((o) => ("secret" in o ? [o.secret] : []));
    const deletes = outcomes.filter((o) => o.op === "delete" && "ok" in o && o.ok).length;
    const pushes201 = outcomes.filter((o) => "reply" in o && o.reply.status === 201).length;
    // Pushes whose key was found are on the trail whatever their answer; an unknown key has no owner to file it under.
    const tracked = outcomes.filter((o) => "reply" in o && !INVALID.test(o.reply.message)).length;
    const row = await t.db.apiKey.findUnique({ where: { id: key.id }, select: { hash: true } });
    const all = [key.secret, ...secrets];

    if (deletes > 0) {
      if (row) problems.push(`a delete succeeded but the key row is still there`);
      await onlyThisSecretWorks(key.id, all, null, problems);
    } else {
      const candidates = secrets.length > 0 ? secrets : [key.secret];
      const matching = candidates.filter((s) => row && hashKey(s) === row.hash);
      if (matching.length !== 1) problems.push(`${matching.length} returned secrets match the stored hash, want 1`);
      await onlyThisSecretWorks(key.id, all, matching.length === 1 ? (matching[0] ?? null) : null, problems);
    }

    const audit = await t.db.auditEvent.groupBy({ by: ["action"], where: { keyId: key.id }, _count: true });
    const count = (action: string) => audit.find((a) => a.action === action)?._count ?? 0;
    if (count("key.regenerate") !== secrets.length)
      problems.push(
        `${count("key.regenerate")} key.regenerate audit events for ${secrets.length} successful regenerates`,
      );
    if (count("key.delete") !== deletes)
      problems.push(`${count("key.delete")} key.delete audit events for ${deletes} deletes`);
    if (deletes > 1) problems.push(`the key was deleted ${deletes} times`);
    const racedPushes = await t.db.auditEvent.count({ where: { keyId: key.id, action: "package.push", packageId } });
    if (racedPushes !== tracked)
      problems.push(`${racedPushes} package.push audit events for ${tracked} pushes made with a found key`);

    end(
      `mixed race: ${ops.length} calls, ${secrets.length} regenerated, ${deletes} deleted, ` +
        `${pushes201} pushes accepted, ${problems.length} problems`,
    );
  });

  it("50 parallel regenerates leave exactly one working secret and one audit event each", async () => {
    const { problems, end } = raceReport();
    const { owner, key } = await makePushKey();
    const outcomes = await race(owner, key.id, key.secret, Array<Op>(50).fill("regenerate"), "unused");
    problems.push(...unexpected(outcomes));
    const secrets = outcomes.flatMap((o) => ("secret" in o ? [o.secret] : []));
    if (secrets.length !== 50) problems.push(`${secrets.length} of 50 regenerates succeeded`);

    const row = await t.db.apiKey.findUniqueOrThrow({ where: { id: key.id }, select: { hash: true } });
    const matching = secrets.filter((s) => hashKey(s) === row.hash);
    if (matching.length !== 1) problems.push(`${matching.length} returned secrets match the stored hash, want 1`);
    await onlyThisSecretWorks(key.id, [key.secret, ...secrets], matching[0] ?? null, problems);
    const events = await t.db.auditEvent.count({ where: { keyId: key.id, action: "key.regenerate" } });
    if (events !== secrets.length)
      problems.push(`${events} key.regenerate audit events for ${secrets.length} regenerates`);

    end(`regenerate race: 50 calls, ${secrets.length} succeeded`);
  });

  it("two parallel pushes of the same new package version: one 201, one 409, one row, one file", async () => {
    const { problems, end } = raceReport();
    const { key } = await makePushKey();
    const rounds = 5;
    for (let round = 0; round < rounds; round++) {
      const { settled, versions, files } = await pushAtOnce(key.secret, `Twin.${key.id}.R${round}`, ["1.0.0", "1.0.0"]);
      const statuses = settled.map((s) =>
        s.status === "fulfilled" ? `${s.value.status}` : `rejected ${describeError(s.reason)}`,
      );
      if ([...statuses].sort().join(",") !== "201,409") problems.push(`round ${round}: ${statuses.join(" / ")}`);
      if (versions !== 1) problems.push(`round ${round}: ${versions} PackageVersion rows`);
      if (files.length !== 1 || !files[0]?.endsWith(".nupkg"))
        problems.push(`round ${round}: files ${JSON.stringify(files)}`);
    }
    end(`duplicate push race: ${rounds} rounds of 2 calls`);
  });

  it("20 parallel pushes of different versions of one new package id all succeed", async () => {
    const { problems, end } = raceReport();
    const { key } = await makePushKey();
    const rounds = 3;
    let accepted = 0;
    const burst = Array.from({ length: 20 }, (_, i) => `2.0.${i}`);
    for (let round = 0; round < rounds; round++) {
      const { settled, packages, versions, files } = await pushAtOnce(key.secret, `Burst.${key.id}.R${round}`, burst);
      settled.forEach((s, i) => {
        if (s.status === "rejected") problems.push(`round ${round} 2.0.${i}: rejected ${describeError(s.reason)}`);
        else if (s.value.status === 201) accepted++;
        else problems.push(`round ${round} 2.0.${i}: ${s.value.status} ${s.value.message}`);
      });
      const stored = files.filter((f) => f.endsWith(".nupkg"));
      if (packages !== 1 || versions !== 20 || stored.length !== 20)
        problems.push(
          `round ${round}: ${packages} Package rows, ${versions} versions, ${stored.length} files (want 1, 20, 20)`,
        );
    }
    end(`new-id burst: ${rounds} rounds of 20 calls, ${accepted} of ${rounds * 20} accepted`);
  });

  it("a push right after a parallel revoke resolves is refused as revoked", async () => {
    const { problems, end } = raceReport();
    const owner = await makeUser(t.db);
    const rounds = 8;
    for (let round = 0; round < rounds; round++) {
      const key = await makeKey(t.db, owner, { scopes: ["package:push"], glob: "*" });
      const packageId = `Revoke.${key.id}`;
      // Warm the verification cache with this key, then race the revoke against more pushes.
      const warm = await push(key.secret, packageId, "0.0.1");
      if (warm.status !== 201) problems.push(`round ${round}: warm-up push answered ${warm.status} ${warm.message}`);
      const inFlight = Array.from({ length: 6 }, (_, i) => push(key.secret, packageId, `1.0.${i}`));
      const revoked = revokeApiKey(t.db, owner, key.id).then(async (r) => {
        if (!r.ok) throw new Error(r.error);
        return push(key.secret, packageId, "3.0.0");
      });
      const [after, ...during] = await Promise.allSettled([revoked, ...inFlight]);
      if (after.status === "rejected") problems.push(`round ${round}: revoke rejected: ${describeError(after.reason)}`);
      else if (after.value.status !== 403 || after.value.message !== REVOKED)
        problems.push(`round ${round}: push after revoke answered ${after.value.status} ${after.value.message}`);
      for (const d of during) {
        if (d.status === "rejected") problems.push(`round ${round}: racing push rejected: ${describeError(d.reason)}`);
        else if (d.value.status !== 201 && !(d.value.status === 403 && d.value.message === REVOKED))
          problems.push(`round ${round}: racing push answered ${d.value.status} ${d.value.message}`);
      }
      const later = await push(key.secret, packageId, "4.0.0");
      if (later.status !== 403 || later.message !== REVOKED)
        problems.push(`round ${round}: a later push answered ${later.status} ${later.message}`);
    }
    await deps.usage.flush();
    end(`revoke race: ${rounds} rounds of 1 revoke + 6 pushes`);
  });
});
