import Link from "next/link";
import { WARNING_DAYS } from "@/lib/keys/expiry";

const NAMES_SHOWN = 5;

function Names({ names, status }: { names: string[]; status: "expired" | "expiring" }) {
  const shown = names.slice(0, NAMES_SHOWN);
  const more = names.length - shown.length;
  return (
    <>
      {shown.join(", ")}
      {more > 0 && (
        <>
          {" "}
          and{" "}
          <Link href={`/account/apikeys?status=${status}`} className="underline underline-offset-2">
            {more} more
          </Link>
        </>
      )}
    </>
  );
}

/** Names the keys that have expired and those that expire within the warning window (SPEC 3.8). */
export function ExpiryBanner({ expired, expiring }: { expired: string[]; expiring: string[] }) {
  if (expired.length === 0 && expiring.length === 0) return null;
  return (
    <div role="status" className="space-y-1 rounded border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900">
      {expired.length > 0 && (
        <p>
          <strong>Expired:</strong> <Names names={expired} status="expired" />. Regenerate or delete{" "}
          {expired.length === 1 ? "it" : "them"}.
        </p>
      )}
      {expiring.length > 0 && (
        <p>
          <strong>Expiring within {WARNING_DAYS} days:</strong> <Names names={expiring} status="expiring" />. Regenerate{" "}
          {expiring.length === 1 ? "it" : "them"} to keep pushing.
        </p>
      )}
    </div>
  );
}
