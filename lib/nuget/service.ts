import type { Db } from "@/lib/db/client";
import { expireLegacyKey, findKeyByHash, type AuthKey } from "@/lib/db/key-auth";
import { addPackageVersion, findPackageByIdKey, findVersion, setListed } from "@/lib/db/packages";
import { authorize, checkKeyUsable } from "@/lib/keys/authorize";
import { keyStatus } from "@/lib/keys/expiry";
import { hashKey, parseKey } from "@/lib/keys/format";
import { PACKAGE_ID_RE } from "@/lib/keys/schemas";
import { NupkgError, readNupkg, type NupkgLimits } from "./nupkg";
import { removePackageFile, storePackageFile } from "./storage";
import { retryText, type FailureLimiter } from "@/lib/security/rate-limit";
import type { UsageEntry, UsageRecorder } from "./usage";
import { normalizeVersion } from "./version";

export type ApiRequest = { apiKey: string | null; ip: string | null; userAgent: string | null; now?: Date };
export type ApiReply = { status: number; message: string; headers: Record<string, string> };
export type ServiceDeps = {
  db: Db;
  usage: UsageRecorder;
  packagesDir: string;
  limits: NupkgLimits;
  galleryUrl: string;
  /** Failed key checks per client address; omitted in tests that do not exercise it. */
  keyFailures?: FailureLimiter;
};

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
  }
}

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
  const source = req.ip ?? "unknown";
  if (deps.keyFailures) {
    const limit = await deps.keyFailures.check(source);
    if (!limit.ok) {
      const message = `Too many failed API key checks from your address. Try again in ${retryText(limit.retryAfterSeconds)}.`;
      return { ok: false, reply: reply(429, message, { "Retry-After": String(limit.retryAfterSeconds) }) };
    }
  }
  const parsed = parseKey(req.apiKey);
  if (!parsed.ok) {
    await deps.keyFailures?.fail(source);
    return { ok: false, reply: reply(403, `The API key is malformed. ${parsed.reason}`) };
  }
  const key = await findKeyByHash(deps.db, hashKey(parsed.key));
  if (!key) {
    await deps.keyFailures?.fail(source);
    return {
      ok: false,
      reply: reply(403, "The API key is invalid: it does not exist, was deleted or was regenerated."),
    };
  }

  const unusable = checkKeyUsable(key, now);
  if (unusable && !unusable.allow) {
    if (unusable.rule === "legacy-retired") await expireLegacyKey(deps.db, key.id, now);
    const refused = reply(403, unusable.message);
    track(deps, req, key, action, null, null, refused, now);
    return { ok: false, reply: refused };
  }
  const status = keyStatus(key, now);
  const headers: Record<string, string> =
    status.kind === "active" && status.expiringSoon
      ? {
          "X-NuGet-Warning": `This API key expires in ${status.daysLeft} day${status.daysLeft === 1 ? "" : "s"}. Regenerate it at ${deps.galleryUrl}/account/apikeys.`,
        }
      : {};
  return { ok: true, key, headers };
}

function track(
  deps: ServiceDeps,
  req: ApiRequest,
  key: AuthKey,
  action: UsageEntry["action"],
  packageId: string | null,
  version: string | null,
  result: ApiReply,
  now: Date,
) {
  deps.usage.record({
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

/** PUT /api/v2/package: SPEC 4.2. `readPackage` reads the upload within the size limit. */
export async function pushPackage(
  deps: ServiceDeps,
  req: ApiRequest,
  readPackage: () => Promise<Buffer>,
): Promise<ApiReply> {
  const now = req.now ?? new Date();
  const auth = await authenticate(deps, req, "push", now);
  if (!auth.ok) return auth.reply;
  const { key, headers } = auth;
  const done = (r: ApiReply, id: string | null = null, version: string | null = null) =>
    track(deps, req, key, "push", id, version, { ...r, headers: { ...headers, ...r.headers } }, now);

  let data: Buffer;
  let info: Awaited<ReturnType<typeof readNupkg>>;
  try {
    data = await readPackage();
    info = await readNupkg(data, deps.limits);
  } catch (error) {
    if (error instanceof NupkgError || error instanceof UploadError) return done(reply(error.status, error.message));
    throw error;
  }

  const idKey = info.id.toLowerCase();
  const existing = await findPackageByIdKey(deps.db, idKey);
  const decision = authorize(
    key,
    { operation: "push", packageId: info.id, packageOwnerId: existing?.ownerId ?? null },
    now,
  );
  if (!decision.allow) return done(reply(403, decision.message), info.id, info.version);
  if (existing && (await findVersion(deps.db, existing.id, info.version.toLowerCase()))) {
    return done(
      reply(409, `The package ${existing.packageId} ${info.version} already exists and cannot be modified.`),
      info.id,
      info.version,
    );
  }

  const storagePath = await storePackageFile(deps.packagesDir, idKey, info.version.toLowerCase(), data);
  let outcome: Awaited<ReturnType<typeof addPackageVersion>>;
  try {
    outcome = await addPackageVersion(deps.db, {
      packageId: info.id,
      version: info.version,
      ownerId: key.ownerId,
      size: data.length,
      storagePath,
    });
  } catch (error) {
    await removePackageFile(deps.packagesDir, storagePath);
    throw error;
  }
  if (outcome !== "created") await removePackageFile(deps.packagesDir, storagePath);
  if (outcome === "duplicate") {
    return done(
      reply(409, `The package ${info.id} ${info.version} already exists and cannot be modified.`),
      info.id,
      info.version,
    );
  }
  if (outcome === "owner-changed") {
    return done(
      reply(403, `The package '${info.id}' is not owned by this API key's package owner.`),
      info.id,
      info.version,
    );
  }
  return done(reply(201, `Created ${info.id} ${info.version}.`), info.id, info.version);
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
  const done = (r: ApiReply) =>
    track(
      deps,
      req,
      key,
      action,
      target.packageId.slice(0, 100),
      target.version.slice(0, 64),
      { ...r, headers: { ...headers, ...r.headers } },
      now,
    );

  if (!PACKAGE_ID_RE.test(target.packageId) || target.packageId.length > 100) {
    return done(reply(404, `The package '${target.packageId}' does not exist.`));
  }
  const version = normalizeVersion(target.version);
  if (!version.ok) return done(reply(404, `The package ${target.packageId} ${target.version} does not exist.`));
  const pkg = await findPackageByIdKey(deps.db, target.packageId.toLowerCase());
  if (!pkg) return done(reply(404, `The package '${target.packageId}' does not exist.`));
  const decision = authorize(key, { operation: "unlist", packageId: pkg.packageId, packageOwnerId: pkg.ownerId }, now);
  if (!decision.allow) return done(reply(403, decision.message));
  const found = await findVersion(deps.db, pkg.id, version.version.toLowerCase());
  if (!found) return done(reply(404, `The package ${pkg.packageId} ${version.version} does not exist.`));
  if (found.listed !== target.listed) await setListed(deps.db, found.id, target.listed);
  return done(reply(200, `${target.listed ? "Relisted" : "Unlisted"} ${pkg.packageId} ${found.version}.`));
}
