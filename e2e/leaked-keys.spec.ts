import { generateKeyPairSync, sign } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createUser, expect, insertKey, test } from "./fixtures";
import { keyCard, signInAs } from "./helpers";
import { startGallery } from "./servers";

const github = generateKeyPairSync("ec", { namedCurve: "P-256" });

/** GitHub's public-key list, served locally to the gallery under test. */
async function serveKeys(): Promise<{ url: string; server: Server }> {
  const list = JSON.stringify({
    public_keys: [
      {
        key_identifier: "e2e-key",
        key: github.publicKey.export({ type: "spki", format: "pem" }).toString(),
        is_current: true,
      },
    ],
  });
  const server = createServer((_, response) =>
    response.writeHead(200, { "content-type": "application/json" }).end(list),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/keys`, server };
}

test("a key GitHub finds in public is revoked and its card says where", async ({ browser, db }) => {
  const keys = await serveKeys();
  const gallery = await startGallery({ SECRET_SCANNING_KEYS_URL: keys.url });
  try {
    const user = await createUser(db, []);
    const name = `leaky ${user.username}`;
    const key = await insertKey(db, user.id, { name });
    const leak = `https://github.com/${user.username}/demo/blob/main/nuget.config`;
    const body = JSON.stringify([{ token: key.secret, type: "nuget_gallery_api_key", url: leak, source: "content" }]);
    const post = (signature: string) =>
      fetch(`${gallery.url}/api/secret-scanning`, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "github-public-key-identifier": "e2e-key",
          "github-public-key-signature": signature,
        },
      });

    const forged = await post(Buffer.from("not a signature").toString("base64"));
    expect(forged.status).toBe(401);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();

    const answer = await post(
      sign("sha256", Buffer.from(body), { key: github.privateKey, dsaEncoding: "der" }).toString("base64"),
    );
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual([
      { token_raw: key.secret, token_type: "nuget_gallery_api_key", label: "true_positive" },
    ]);

    const page = await (await browser.newContext({ baseURL: gallery.url })).newPage();
    await signInAs(page, user);
    const card = keyCard(page, name);
    await expect(card).toContainText("found in a public place (GitHub: content)");
    await expect(card).toContainText("Found in a public place:");
    const link = card.getByRole("link", { name: leak });
    await expect(link).toHaveAttribute("href", leak);
    await expect(link).toHaveAttribute("rel", "noopener noreferrer nofollow");
  } finally {
    await gallery.stop();
    keys.server.close();
  }
});
