import { leakLink } from "@/lib/keys/leak";

/** Where a secret scanner found the key, as a link that gives the other site nothing of ours. */
export function LeakLink({ url }: { url: string }) {
  const href = leakLink(url);
  return (
    <>
      Found in a public place:{" "}
      {href ? (
        <a
          href={href}
          target="_blank"
          rel="noopener noreferrer nofollow"
          className="text-brand break-all underline underline-offset-2"
        >
          {href}
        </a>
      ) : (
        <span className="break-all">{url}</span>
      )}
    </>
  );
}
