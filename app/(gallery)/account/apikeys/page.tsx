import type { Metadata } from "next";
import { ApiKeysProvider } from "@/components/api-keys/api-keys-context";
import { CreateKeyForm } from "@/components/api-keys/create-key-form";
import { ExpiryBanner } from "@/components/api-keys/expiry-banner";
import { KeyActions } from "@/components/api-keys/key-actions";
import { KeyCard } from "@/components/api-keys/key-card";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listApiKeys } from "@/lib/db/api-keys";
import { listOwnerOptions } from "@/lib/db/owners";

export const metadata: Metadata = { title: "API Keys" };

export default async function ApiKeysPage() {
  const user = await requireUser();
  const [keys, owners] = await Promise.all([listApiKeys(db, user.id), listOwnerOptions(db, user.id)]);
  const now = new Date();
  return (
    <ApiKeysProvider owners={owners}>
      <div className="space-y-6">
        <h1 className="text-3xl font-light text-gray-900">API Keys</h1>
        <ExpiryBanner keys={keys} now={now} />
        <p className="rounded border-l-4 border-amber-500 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          An API key is a token that can identify you to the gallery. Keep it secret: anyone who has it can push and
          manage packages within its scopes. Never commit a key to source control.
        </p>
        <CreateKeyForm />
        <section aria-labelledby="manage-heading" className="space-y-3">
          <h2 id="manage-heading" className="text-xl font-semibold">
            Manage
          </h2>
          {keys.length === 0 ? (
            <p className="text-gray-600">You have no API keys yet. Create one above.</p>
          ) : (
            <ul className="space-y-3">
              {keys.map((key) => (
                <li key={key.id}>
                  <KeyCard apiKey={key} now={now}>
                    <KeyActions
                      keyId={key.id}
                      keyName={key.name}
                      ownerId={key.owner.id}
                      packages={key.packages}
                      glob={key.glob}
                      legacy={key.legacy}
                      revoked={key.revokedAt !== null}
                    />
                  </KeyCard>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </ApiKeysProvider>
  );
}
