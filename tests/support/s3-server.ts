// An S3-compatible server on loopback for tests: @20minutes/s3rver (from npm, in this process), one bucket.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { utimes } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "@20minutes/s3rver";

/** s3rver's one built-in account. */
export const S3RVER_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export type S3Server = {
  endpoint: string;
  bucket: string;
  /** Sets when an object was last written, as a listing reports it. */
  age: (objectKey: string, when: Date) => Promise<void>;
  stop: () => Promise<void>;
};

/** Keeps its objects in a temporary folder, removed at stop, unless `directory` names one to keep. */
export async function startS3Server(
  bucket = "packages",
  { directory: kept }: { directory?: string } = {},
): Promise<S3Server> {
  if (kept) mkdirSync(kept, { recursive: true });
  const directory = kept ?? mkdtempSync(join(tmpdir(), "gallery-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    // s3rver signs bucket-level requests without the SDK's trailing slash; credentials are still checked.
    allowMismatchedSignatures: true,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    // s3rver keeps each object as a file and reports that file's time.
    age: async (objectKey, when) => {
      const parts = objectKey.split("/");
      const name = parts.pop()!;
      await utimes(join(directory, bucket, ...parts, `${name}._S3rver_object`), when, when);
    },
    stop: async () => {
      await server.close();
      if (!kept) rmSync(directory, { recursive: true, force: true });
    },
  };
}
