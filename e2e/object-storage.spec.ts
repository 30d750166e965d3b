import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { buildNupkg } from "../tests/support/build-nupkg";
import { S3RVER_CREDENTIALS, startS3Server } from "../tests/support/s3-server";
import { createUser, expect, insertKey, test } from "./fixtures";
import { startGallery } from "./servers";

test("with STORAGE=s3, a package pushed over HTTP lands in the bucket and downloads with the same bytes", async ({
  db,
}) => {
  test.setTimeout(120_000);
  const s3 = await startS3Server();
  const staging = mkdtempSync(join(tmpdir(), "gallery-e2e-staging-"));
  const gallery = await startGallery({
    STORAGE: "s3",
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_PREFIX: "e2e/",
    S3_FORCE_PATH_STYLE: "1",
    S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    PACKAGES_DIR: staging,
  });
  try {
    const user = await createUser(db, []);
    const key = await insertKey(db, user.id, { scopes: ["package:push"] });
    const id = `Bucket.Stored.${user.username.slice(5)}`;
    // Over 1 MiB, so the upload is staged on disk before it goes to the bucket.
    const nupkg = await buildNupkg({ id, version: "1.0.0", files: { "lib/net8.0/Big.dll": randomBytes(3_000_000) } });
    const form = new FormData();
    form.append("package", new Blob([new Uint8Array(nupkg)]), "package.nupkg");
    const pushed = await fetch(`${gallery.url}/api/v2/package`, {
      method: "PUT",
      headers: { "X-NuGet-ApiKey": key.secret },
      body: form,
    });
    expect(pushed.status, await pushed.text()).toBe(201);

    const idKey = id.toLowerCase();
    const url = `${gallery.url}/v3/flatcontainer/${idKey}/1.0.0/${idKey}.1.0.0.nupkg`;
    const download = await fetch(url);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(nupkg)).toBe(true);
    const manifest = await fetch(`${gallery.url}/v3/flatcontainer/${idKey}/1.0.0/${idKey}.nuspec`);
    expect(await manifest.text()).toContain(`<id>${id}</id>`);

    const client = new S3Client({
      region: "us-east-1",
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: `e2e/${idKey}/` }));
    expect(listed.Contents?.map((object) => [object.Key?.endsWith(".nupkg"), object.Size])).toEqual([
      [true, nupkg.length],
    ]);
    expect(readdirSync(join(staging, ".uploads"))).toEqual([]);
  } finally {
    await gallery.stop();
    await s3.stop();
    rmSync(staging, { recursive: true, force: true });
  }
});
