import type { Metadata } from "next";
import { PageTitle } from "@/components/page-title";
import Link from "next/link";
import { ConfirmEmailNotice } from "@/components/account/confirm-email-notice";
import { ApiKeysProvider } from "@/components/api-keys/api-keys-context";
import { CreateKeyForm } from "@/components/api-keys/create-key-form";
import { ExpiryBanner } from "@/components/api-keys/expiry-banner";
import { KeyActions } from "@/components/api-keys/key-actions";
import { KeyCard } from "@/components/api-keys/key-card";
import { requireUser } from "@/lib/auth/session";
import { KeyFilters } from "@/components/api-keys/key-filters";
import { KeyTable } from "@/components/api-keys/key-table";
import { keyPrefill } from "@/lib/api-keys/prefill";
import { keyQueryParams, keyQuerySchema } from "@/lib/api-keys/query";
import type { ApiKeyActions, ApiKeyView } from "@/lib/api-keys/views";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { countApiKeys, findApiKeyPage, KEYS_PER_PAGE, listKeysNeedingAttention } from "@/lib/db/api-keys";
import { listOwnerOptions } from "@/lib/db/owners";
import { keyStatus } from "@/lib/keys/expiry";
import { pageNumber } from "@/components/ui/pager";
import { readParam } from "@/lib/page-params";
import {
  createApiKeyAction,
  deleteApiKeyAction,
  editApiKeyAction,
  listOwnerPackagesAction,
  regenerateApiKeyAction,
  revokeApiKeyAction,
} from "./actions";
import { resendConfirmationAction } from "../../actions";

export const metadata: Metadata = { title: "API Keys" };

const ACTIONS: ApiKeyActions = {
  createKey: createApiKeyAction,
  editKey: editApiKeyAction,
  regenerateKey: regenerateApiKeyAction,
  revokeKey: revokeApiKeyAction,
  deleteKey: deleteApiKeyAction,
  listOwnerPackages: listOwnerPackagesAction,
};

/** What a key offers, on its card or its table row. */
function actionsFor(key: ApiKeyView, now: Date) {
  return (
    <KeyActions
      keyId={key.id}
      keyName={key.name}
      ownerId={key.owner.id}
      packages={key.packages}
      glob={key.glob}
      legacy={key.legacy}
      revoked={key.revokedAt !== null}
      expired={keyStatus(key, now).kind === "expired"}
      refused={!key.ownerAccess && key.revokedAt === null}
    />
  );
}

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ApiKeysPage({ searchParams }: Props) {
  const user = await requireUser();
  const now = new Date();
  const params = await searchParams;
  const query = keyQuerySchema.parse(params);
  const filtered = Boolean(query.q || query.status || query.owner);
  const [{ keys, total, page }, all, owners, attention, prefill] = await Promise.all([
    findApiKeyPage(db, user.id, query, pageNumber(readParam(params.page, 12), KEYS_PER_PAGE), KEYS_PER_PAGE, now),
    filtered ? countApiKeys(db, user.id) : null,
    listOwnerOptions(db, user.id),
    listKeysNeedingAttention(db, user.id, now),
    keyPrefill(db, user.id, params),
  ]);
  const pages = Math.max(1, Math.ceil(total / KEYS_PER_PAGE));
  return (
    <ApiKeysProvider owners={owners} actions={ACTIONS}>
      <div className="space-y-6">
        <PageTitle>API Keys</PageTitle>
        {!user.emailConfirmed && (
          <ConfirmEmailNotice email={user.email} resend={resendConfirmationAction} demoMailbox={config.demoMode} />
        )}
        <ExpiryBanner {...attention} />
        <p className="rounded border-l-4 border-amber-500 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          An API key is a token that can identify you to the gallery. Keep it secret: anyone who has it can push and
          manage packages within its scopes. Never commit a key to source control.
        </p>
        <CreateKeyForm prefill={prefill} />
        <section aria-labelledby="manage-heading" className="space-y-3">
          <h2 id="manage-heading" className="text-xl font-semibold">
            Manage
          </h2>
          {(all ?? total) > 0 && <KeyFilters query={query} owners={owners} />}
          {keys.length === 0 ? (
            <p className="text-gray-600">
              {filtered ? (
                <>
                  No key matches.{" "}
                  <Link href="/account/apikeys" className="text-brand underline underline-offset-2">
                    Show all keys
                  </Link>
                </>
              ) : (
                "You have no API keys yet. Create one above."
              )}
            </p>
          ) : query.view === "table" ? (
            <KeyTable keys={keys} now={now} actions={(key) => actionsFor(key, now)} />
          ) : (
            <ul className="space-y-3">
              {keys.map((key) => (
                <li key={key.id}>
                  <KeyCard apiKey={key} now={now}>
                    {actionsFor(key, now)}
                  </KeyCard>
                </li>
              ))}
            </ul>
          )}
          {pages > 1 && (
            <nav aria-label="Pages of keys" className="flex items-center justify-between text-sm">
              <span>
                Keys {(page - 1) * KEYS_PER_PAGE + 1}–{Math.min(page * KEYS_PER_PAGE, total)} of {total}
              </span>
              <span className="flex gap-4">
                {page > 1 && (
                  <Link
                    href={`/account/apikeys${keyQueryParams(query, { page: String(page - 1) })}`}
                    className="text-brand hover:underline"
                  >
                    Previous page
                  </Link>
                )}
                {page < pages && (
                  <Link
                    href={`/account/apikeys${keyQueryParams(query, { page: String(page + 1) })}`}
                    className="text-brand hover:underline"
                  >
                    Next page
                  </Link>
                )}
              </span>
            </nav>
          )}
        </section>
      </div>
    </ApiKeysProvider>
  );
}
