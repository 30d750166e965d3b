import { clsx } from "clsx";
import Link from "next/link";
import type { ApiKeyView } from "@/lib/api-keys/views";
import { LeakLink } from "@/components/api-keys/leak-link";
import { LocalTime } from "@/components/local-time";
import { keyStatus, LEGACY_IDLE_DAYS, statusText } from "@/lib/keys/expiry";
import { scopeLabel } from "@/lib/keys/scopes";

const PACKAGES_SHOWN = 3;

export function KeyCard({ apiKey, now, children }: { apiKey: ApiKeyView; now: Date; children?: React.ReactNode }) {
  const status = keyStatus(apiKey, now);
  const refused = !apiKey.ownerAccess && status.kind !== "revoked";
  const inactive = status.kind === "expired" || status.kind === "revoked" || refused;
  const shown = apiKey.packages.slice(0, PACKAGES_SHOWN);
  const more = apiKey.packages.length - shown.length;
  return (
    <article
      aria-labelledby={`key-${apiKey.id}-name`}
      data-status={refused ? "refused" : status.kind}
      className={clsx(
        "rounded-lg border bg-white p-5 shadow-sm",
        inactive ? "border-gray-300 bg-gray-100" : "border-gray-200",
      )}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h3 id={`key-${apiKey.id}-name`} className={clsx("text-lg font-semibold", inactive && "text-gray-600")}>
            {apiKey.name}
          </h3>
          <p className="font-mono text-xs text-gray-600">{apiKey.hint}</p>
        </div>
        <span
          className={clsx(
            "rounded-full px-2.5 py-0.5 text-xs font-semibold",
            refused && "bg-red-700 text-white",
            !refused && status.kind === "revoked" && "bg-gray-700 text-white",
            !refused && status.kind === "expired" && "bg-red-100 text-red-800",
            !refused && status.kind === "active" && status.expiringSoon && "bg-amber-100 text-amber-900",
            !refused && status.kind === "active" && !status.expiringSoon && "bg-green-100 text-green-800",
            !refused && status.kind === "never-expires" && "bg-brand-light text-brand",
          )}
        >
          {refused ? "Refused" : statusText(status)}
        </span>
      </div>
      {refused && (
        <p className="mt-3 rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          Refused: you are no longer a member of {apiKey.owner.username}, so this key no longer works.
        </p>
      )}
      <dl className="mt-4 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium text-gray-600">Scopes</dt>
        <dd>
          <ul>
            {apiKey.scopes.map((s) => (
              <li key={s}>{scopeLabel(s)}</li>
            ))}
          </ul>
        </dd>
        <dt className="font-medium text-gray-600">Package owner</dt>
        <dd>{apiKey.owner.username}</dd>
        <dt className="font-medium text-gray-600">Packages</dt>
        <dd>
          {apiKey.legacy ? (
            "All packages"
          ) : shown.length === 0 ? (
            "None chosen"
          ) : (
            <>
              {shown.join(", ")}
              {more > 0 && (
                <details className="mt-1">
                  <summary className="text-brand cursor-pointer underline underline-offset-2">and {more} more</summary>
                  <p className="mt-1 break-words">{apiKey.packages.slice(PACKAGES_SHOWN).join(", ")}</p>
                </details>
              )}
            </>
          )}
        </dd>
        <dt className="font-medium text-gray-600">Glob pattern</dt>
        <dd className="font-mono">{apiKey.legacy ? "*" : (apiKey.glob ?? "None")}</dd>
        {!apiKey.revokedAt && (
          <>
            <dt className="font-medium text-gray-600">Expires</dt>
            <dd>
              {apiKey.expiresAt === null ? (
                `Never expires (if used every ${LEGACY_IDLE_DAYS} days)`
              ) : (
                <>
                  {statusText(status)} · <LocalTime value={apiKey.expiresAt} />
                </>
              )}
            </dd>
          </>
        )}
        <dt className="font-medium text-gray-600">Created</dt>
        <dd>
          <LocalTime value={apiKey.createdAt} />
          {apiKey.twoFactor && (
            <span className="ml-2 inline-block rounded-full bg-green-100 px-2 py-0.5 text-xs font-medium text-green-800">
              with two-factor sign-in
            </span>
          )}
        </dd>
        <dt className="font-medium text-gray-600">Last used</dt>
        <dd>
          {apiKey.lastUsedAt ? <LocalTime value={apiKey.lastUsedAt} /> : "Never used"}
          <Link href={`/account/apikeys/${apiKey.id}/usage`} className="text-brand ml-3 underline underline-offset-2">
            View usage<span className="sr-only"> of {apiKey.name}</span>
          </Link>
        </dd>
        {apiKey.revokedAt && (
          <>
            <dt className="font-medium text-gray-600">Revoked</dt>
            <dd>
              <LocalTime value={apiKey.revokedAt} />
              {apiKey.revokedReason ? `: ${apiKey.revokedReason}` : ""}
            </dd>
            {apiKey.leakUrl && (
              <>
                <dt className="font-medium text-gray-600">Leaked</dt>
                <dd>
                  <LeakLink url={apiKey.leakUrl} />
                </dd>
              </>
            )}
          </>
        )}
      </dl>
      {children && <div className="mt-4 flex flex-wrap gap-2 border-t border-gray-200 pt-4">{children}</div>}
    </article>
  );
}
