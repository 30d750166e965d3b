// A dynamic page that reads a cookie and renders 25 items shaped like a key's card: the floor for the keys page.
import { cookies } from "next/headers";

const ITEMS = Array.from({ length: 25 }, (_, i) => i);

export default async function ListPage() {
  const user = (await cookies()).get("session")?.value ?? "nobody";
  const now = new Date();
  return (
    <main>
      <h1>Items of {user}</h1>
      <ul>
        {ITEMS.map((i) => (
          <li key={i}>
            <article aria-labelledby={`item-${i}`}>
              <h3 id={`item-${i}`}>Item {i}</h3>
              <p>
                <span>ngk_…{String(i).padStart(4, "0")}</span> <span>Active</span>
              </p>
              <dl>
                <dt>Scopes</dt>
                <dd>
                  <span>Push new packages and versions</span>, <span>Unlist or relist versions</span>
                </dd>
                <dt>Owner</dt>
                <dd>{user}</dd>
                <dt>Pattern</dt>
                <dd>
                  <code>Item.{i}.*</code>
                </dd>
                <dt>Expires</dt>
                <dd>
                  <time dateTime={new Date(now.getTime() + i * 86_400_000).toISOString()}>in {365 - i} days</time>
                </dd>
              </dl>
              <a href={`/list/${i}`}>View usage</a>
            </article>
          </li>
        ))}
      </ul>
    </main>
  );
}
