import { rm } from "node:fs/promises";
import type { Db } from "@/lib/db/client";
import { cachedKey, expireLegacyKey, findKeyByHash, type AuthKey } from "@/lib/db/key-auth";
import type { AuditInput } from "@/lib/db/audit";
import { addPackageVersion, findPackageVersion, setListed, setVersionSymbols } from "@/lib/db/packages";
import { authorize, checkKeyUsable, refusePushWithoutScope } from "@/lib/keys/authorize";
import { keyStatus } from "@/lib/keys/expiry";
import { hashKey, parseKey } from "@/lib/keys/format";
import { PACKAGE_ID_RE } from "@/lib/keys/schemas";
import { storedMetadata } from "./metadata";
import { NupkgError, readNupkg, readSymbolsPackage, type NupkgLimits, type NupkgSource } from "./nupkg";
import { storePackageFile, type PackageStore } from "./storage/store";
import { UploadError } from "./upload";
import { beginKeyCheck, type KeyCheck, type KeyCheckLimiters } from "@/lib/security/key-checks";
import type { UsageEntry, UsageRecorder } from "./usage";
import { normalizeVersion } from "./version";

export type ApiRequest = { apiKey: string | null; ip: string | null; userAgent: string | null; now?: Date };
export type ApiReply = { status: number; message: string; headers: Record<string, string> };
export type ServiceDeps = {
  db: Db;
  usage: UsageRecorder;
  /** Where package files are kept; uploads are staged under its staging root. */
  store: PackageStore;
  limits: NupkgLimits;
  galleryUrl: string;
  /** Limiters for failed key checks per address; omitted in tests that do not exercise them. */
  keyChecks?: KeyCheckLimiters;
};

const reply = (status: number, message: string, headers: Record<string, string> = {}): ApiReply => ({
  status,
  message,
  headers,
});

type Authenticated = { ok: true; key: AuthKey; headers: Record<string, string> } | { ok: false; reply: ApiReply };

/** Finds and checks the presented key; malformed keys are refused without touching the database. */
async function authenticate(
  deps: ServiceDeps,
  req: ApiRequest,
  action: UsageEntry["action"],
  now: Date,
): Promise<Authenticated> {
  if (!req.apiKey) {
    return {
      ok: false,
      reply: reply(401, "An API key is required: send it in the X-NuGet-ApiKey header.", {
        "WWW-Authenticate": 'ApiKey realm="Package Gallery", header="X-NuGet-ApiKey"',
      }),
    };
  }
  // A malformed key is refused from its checksum alone: it costs nothing and counts against nobody.
  const parsed = parseKey(req.apiKey);
  if (!parsed.ok) return { ok: false, reply: reply(403, `The API key is malformed. ${parsed.reason}`) };
  const hash = hashKey(parsed.key);
  // A key verified lately is known good: no limit applies and no database is read.
  let key = cachedKey(deps.db, hash);
  let check: KeyCheck | null = null;
  if (!key && deps.keyChecks) {
    check = await beginKeyCheck(req.ip ?? "unknown", hash, deps.keyChecks);
    if (!check.ok) {
      return { ok: false, reply: reply(429, check.message, { "Retry-After": String(check.retryAfterSeconds) }) };
    }
  }
  key ??= await findKeyByHash(deps.db, hash);
  if (!key) {
    return {
      ok: false,
      reply: reply(403, "The API key is invalid: it does not exist, was deleted or was regenerated."),
    };
  }
  if (check?.ok) await check.passed();

  const unusable = checkKeyUsable(key, now);
  if (unusable && !unusable.allow) {
    if (unusable.rule === "legacy-retired") await expireLegacyKey(deps.db, key.id, now);
    const refused = reply(403, unusable.message);
    track(deps, req, key, action, null, null, refused, now);
    return { ok: false, reply: refused };
  }
  const status = keyStatus(key, now);
  const headers: Record<string, string> =
    status.kind === "active" && status.expiringSoon && !key.shortLived
      ? {
          "X-NuGet-Warning": `This API key expires in ${status.daysLeft} day${status.daysLeft === 1 ? "" : "s"}. Regenerate it at ${deps.galleryUrl}/account/apikeys.`,
        }
      : {};
  return { ok: true, key, headers };
}

type Tracking = Pick<UsageEntry, "audited" | "touchesLastUsed">;

function track(
  deps: ServiceDeps,
  req: ApiRequest,
  key: AuthKey,
  action: UsageEntry["action"],
  packageId: string | null,
  version: string | null,
  result: ApiReply,
  now: Date,
  tracking: Tracking = {},
) {
  deps.usage.record({
    ...tracking,
    keyId: key.id,
    keyName: key.name,
    creatorId: key.creatorId,
    ownerId: key.ownerId,
    action,
    packageId,
    version,
    status: result.status,
    result: result.message,
    ip: req.ip,
    userAgent: req.userAgent?.slice(0, 512) ?? null,
    at: now,
  });
  return result;
}

/** The audit event of an accepted change, written in the change's own transaction. */
function changeAudit(
  req: ApiRequest,
  key: AuthKey,
  action: UsageEntry["action"],
  target: { packageId: string; version: string },
  result: ApiReply,
  now: Date,
): AuditInput {
  return {
    createdAt: now,
    action: `package.${action}`,
    actorId: key.creatorId,
    accountId: key.ownerId,
    keyId: key.id,
    keyName: key.name,
    packageId: target.packageId,
    version: target.version,
    result: `${result.status} ${result.message}`,
    ip: req.ip,
  };
}

/**
 * PUT /api/v2/package: SPEC 4.2. A key that cannot push anything is refused before the body is read;
 * `receive` then brings the upload in within the size limit (streamed to a staged file by the route).
 */
export async function pushPackage(
  deps: ServiceDeps,
  req: ApiRequest,
  receive: () => Promise<NupkgSource>,
): Promise<ApiReply> {
  const now = req.now ?? new Date();
  const auth = await authenticate(deps, req, "push", now);
  if (!auth.ok) return auth.reply;
  const { key, headers } = auth;
  const done = (r: ApiReply, id: string | null = null, version: string | null = null, tracking?: Tracking) =>
    track(deps, req, key, "push", id, version, { ...r, headers: { ...headers, ...r.headers } }, now, tracking);

  const noScope = refusePushWithoutScope(key);
  if (noScope) return done(reply(403, noScope.message), null, null, { touchesLastUsed: false });

  let source: NupkgSource | null = null;
  try {
    let info: Awaited<ReturnType<typeof readNupkg>>;
    try {
      source = await receive();
      info = await readNupkg(source, deps.limits);
    } catch (error) {
      if (error instanceof NupkgError || error instanceof UploadError) return done(reply(error.status, error.message));
      throw error;
    }
    const exists = (id: string) =>
      done(
        reply(409, `The package ${id} ${info.version} already exists and cannot be modified.`),
        info.id,
        info.version,
      );

    const idKey = info.id.toLowerCase();
    const existing = await findPackageVersion(deps.db, idKey, info.version.toLowerCase());
    const decision = authorize(
      key,
      { operation: "push", packageId: info.id, packageOwnerId: existing?.package.ownerId ?? null },
      now,
    );
    if (!decision.allow) return done(reply(403, decision.message), info.id, info.version);
    if (existing?.version) return exists(existing.package.packageId);

    const size = Buffer.isBuffer(source) ? source.length : source.size;
    const storagePath = await storePackageFile(deps.store, idKey, info.version.toLowerCase(), source);
    source = null;
    const created = reply(201, `Created ${info.id} ${info.version}.`);
    let outcome: Awaited<ReturnType<typeof addPackageVersion>>;
    try {
      outcome = await addPackageVersion(
        deps.db,
        {
          packageId: info.id,
          version: info.version,
          ownerId: key.ownerId,
          size,
          metadata: storedMetadata(info.metadata),
        },
        storagePath,
        changeAudit(req, key, "push", { packageId: info.id, version: info.version }, created, now),
      );
    } catch (error) {
      // The row's failure is the answer; a file the store could not remove now is left to the orphan sweep.
      await deps.store.remove(storagePath).catch(() => undefined);
      throw error;
    }
    if (outcome !== "created") await deps.store.remove(storagePath);
    if (outcome === "duplicate") return exists(info.id);
    if (outcome === "owner-changed") {
      return done(
        reply(403, `The package '${info.id}' is not owned by this API key's package owner.`),
        info.id,
        info.version,
      );
    }
    await deps.store.removeSiblings(storagePath);
    return done(created, info.id, info.version, { audited: true });
  } finally {
    if (source && !Buffer.isBuffer(source)) await rm(source.path, { force: true });
  }
}

/**
 * PUT /api/v2/symbolpackage: a .snupkg for a version that exists, under the rules of a push of that version
 * (a key that could push it may push its symbols). A second push replaces the first, as on nuget.org.
 */
export async function pushSymbols(
  deps: ServiceDeps,
  req: ApiRequest,
  receive: () => Promise<NupkgSource>,
): Promise<ApiReply> {
  const now = req.now ?? new Date();
  const auth = await authenticate(deps, req, "symbols", now);
  if (!auth.ok) return auth.reply;
  const { key, headers } = auth;
  const done = (r: ApiReply, id: string | null = null, version: string | null = null, tracking?: Tracking) =>
    track(deps, req, key, "symbols", id, version, { ...r, headers: { ...headers, ...r.headers } }, now, tracking);

  const noScope = refusePushWithoutScope(key);
  if (noScope) return done(reply(403, noScope.message), null, null, { touchesLastUsed: false });

  let source: NupkgSource | null = null;
  try {
    let info: Awaited<ReturnType<typeof readSymbolsPackage>>;
    try {
      source = await receive();
      info = await readSymbolsPackage(source, deps.limits);
    } catch (error) {
      if (error instanceof NupkgError || error instanceof UploadError) return done(reply(error.status, error.message));
      throw error;
    }
    const idKey = info.id.toLowerCase();
    const found = await findPackageVersion(deps.db, idKey, info.version.toLowerCase());
    const pkg = found?.package;
    const version = found?.version;
    if (!pkg || !version) {
      return done(
        reply(404, `The package ${info.id} ${info.version} does not exist: push the .nupkg before its symbols.`),
        info.id,
        info.version,
      );
    }
    const decision = authorize(key, { operation: "push", packageId: pkg.packageId, packageOwnerId: pkg.ownerId }, now);
    if (!decision.allow) return done(reply(403, decision.message), pkg.packageId, version.version);

    const size = Buffer.isBuffer(source) ? source.length : source.size;
    const path = await storePackageFile(deps.store, idKey, version.version.toLowerCase(), source, ".snupkg");
    source = null;
    const created = reply(201, `Created the symbols package of ${pkg.packageId} ${version.version}.`);
    const target = { packageId: pkg.packageId, version: version.version };
    let replaced: string | null;
    try {
      replaced = await setVersionSymbols(
        deps.db,
        version.id,
        { path, size },
        {
          ...changeAudit(req, key, "symbols", target, created, now),
        },
      );
    } catch (error) {
      await deps.store.remove(path).catch(() => undefined);
      throw error;
    }
    if (replaced) await deps.store.remove(replaced);
    return done(created, pkg.packageId, version.version, { audited: true });
  } finally {
    if (source && !Buffer.isBuffer(source)) await rm(source.path, { force: true });
  }
}

/** DELETE (unlist) and POST (relist) /api/v2/package/{id}/{version}: SPEC 4.3. */
export async function setPackageListed(
  deps: ServiceDeps,
  req: ApiRequest,
  target: { packageId: string; version: string; listed: boolean },
): Promise<ApiReply> {
  const now = req.now ?? new Date();
  const action = target.listed ? "relist" : "unlist";
  const auth = await authenticate(deps, req, action, now);
  if (!auth.ok) return auth.reply;
  const { key, headers } = auth;
  const done = (r: ApiReply, tracking?: Tracking) =>
    track(
      deps,
      req,
      key,
      action,
      target.packageId.slice(0, 100),
      target.version.slice(0, 64),
      { ...r, headers: { ...headers, ...r.headers } },
      now,
      tracking,
    );

  if (!PACKAGE_ID_RE.test(target.packageId) || target.packageId.length > 100) {
    return done(reply(404, `The package '${target.packageId}' does not exist.`));
  }
  const version = normalizeVersion(target.version);
  if (!version.ok) return done(reply(404, `The package ${target.packageId} ${target.version} does not exist.`));
  const match = await findPackageVersion(deps.db, target.packageId.toLowerCase(), version.version.toLowerCase());
  if (!match) return done(reply(404, `The package '${target.packageId}' does not exist.`));
  const { package: pkg, version: found } = match;
  const decision = authorize(key, { operation: "unlist", packageId: pkg.packageId, packageOwnerId: pkg.ownerId }, now);
  if (!decision.allow) return done(reply(403, decision.message));
  if (!found) return done(reply(404, `The package ${pkg.packageId} ${version.version} does not exist.`));
  const changed = reply(200, `${target.listed ? "Relisted" : "Unlisted"} ${pkg.packageId} ${found.version}.`);
  // Nothing to change: the call is recorded with the usage batch like a refusal.
  if (found.listed === target.listed) return done(changed);
  const audit = changeAudit(req, key, action, { packageId: pkg.packageId, version: found.version }, changed, now);
  await setListed(deps.db, found.id, target.listed, audit);
  return done(changed, { audited: true });
}
