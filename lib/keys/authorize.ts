import { keyStatus, legacyIdleExpired, LEGACY_IDLE_DAYS } from "./expiry";
import { globMatches } from "./glob";
import { scopeLabel, scopesFor, scopesGrant, type Action, type Scope } from "./scopes";

export type KeyForAuth = {
  scopes: readonly Scope[];
  subjects: readonly string[];
  glob: string | null;
  ownerId: string;
  ownerAllowed: boolean;
  /** Whether the key's creator has confirmed their e-mail address. */
  creatorConfirmed: boolean;
  expiresAt: Date | null;
  revokedAt: Date | null;
  legacy: boolean;
  lastUsedAt: Date | null;
  createdAt: Date;
};

export type AuthRequest = {
  operation: "push" | "unlist";
  packageId: string;
  packageOwnerId: string | null;
};

export type DenyRule =
  "revoked" | "expired" | "legacy-retired" | "owner-membership" | "unconfirmed" | "scope" | "package" | "owner";

export type Decision = { allow: true; action: Action } | { allow: false; rule: DenyRule; message: string };

const ACTION_TEXT: Record<Action, string> = {
  "push-new": "push new packages",
  "push-version": "push new versions of existing packages",
  unlist: "unlist or relist package versions",
};

function deny(rule: DenyRule, message: string): Decision {
  return { allow: false, rule, message };
}

export function actionFor(request: Pick<AuthRequest, "operation" | "packageOwnerId">): Action {
  if (request.operation === "unlist") return "unlist";
  return request.packageOwnerId === null ? "push-new" : "push-version";
}

/** Denies a key that cannot be used for any request; null when it can. */
export function checkKeyUsable(key: KeyForAuth, now: Date): Decision | null {
  const status = keyStatus(key, now);
  if (status.kind === "revoked") return deny("revoked", "This API key has been revoked.");
  if (status.kind === "expired") return deny("expired", "This API key has expired.");
  if (key.legacy && legacyIdleExpired(key, now)) {
    return deny(
      "legacy-retired",
      `This legacy API key was unused for more than ${LEGACY_IDLE_DAYS} days and has expired.`,
    );
  }
  if (!key.ownerAllowed) {
    return deny("owner-membership", "The creator of this API key is no longer a member of its package owner.");
  }
  if (!key.creatorConfirmed) {
    return deny(
      "unconfirmed",
      "The creator of this API key has not confirmed their e-mail address. Confirm it from the mailed link first.",
    );
  }
  return null;
}

/** A key without either push scope cannot push anything: it is refused before the upload is read. */
export function refusePushWithoutScope(
  key: Pick<KeyForAuth, "legacy" | "scopes">,
): Extract<Decision, { allow: false }> | null {
  if (key.legacy || scopesGrant(key.scopes, "push-version")) return null;
  const needed = scopesFor("push-version")
    .map((scope) => `"${scopeLabel(scope)}"`)
    .join(" or ");
  return {
    allow: false,
    rule: "scope",
    message: `This API key does not have the scope to push packages; it needs ${needed}.`,
  };
}

/** Legacy keys cover every id; others need a subject equal to the id ignoring case, or a matching glob. */
export function keyCoversPackage(key: Pick<KeyForAuth, "subjects" | "glob" | "legacy">, packageId: string): boolean {
  if (key.legacy) return true;
  const id = packageId.toLowerCase();
  if (key.subjects.some((subject) => subject.toLowerCase() === id)) return true;
  return key.glob !== null && key.glob !== "" && globMatches(key.glob, packageId);
}

export function authorize(key: KeyForAuth, request: AuthRequest, now: Date): Decision {
  const unusable = checkKeyUsable(key, now);
  if (unusable) return unusable;

  const action = actionFor(request);
  if (!key.legacy && !scopesGrant(key.scopes, action)) {
    const needed = scopesFor(action)
      .map((scope) => `"${scopeLabel(scope)}"`)
      .join(" or ");
    return deny("scope", `This API key does not have the scope to ${ACTION_TEXT[action]}; it needs ${needed}.`);
  }
  if (!keyCoversPackage(key, request.packageId)) {
    return deny("package", `This API key is not scoped to the package '${request.packageId}'.`);
  }
  if (request.packageOwnerId !== null && request.packageOwnerId !== key.ownerId) {
    return deny("owner", `The package '${request.packageId}' is not owned by this API key's package owner.`);
  }
  return { allow: true, action };
}
