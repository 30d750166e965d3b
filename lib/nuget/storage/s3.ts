import { createReadStream } from "node:fs";
import { rm } from "node:fs/promises";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type GetObjectCommandOutput,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { NupkgSource } from "../nupkg";
import type { S3Settings } from "./settings";
import type { PackageStore } from "./store";

/** What S3 answers for a key that holds nothing (GetObject and HeadObject say it differently). */
function isMissing(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return name === "NoSuchKey" || name === "NotFound";
}

async function orNull<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

/**
 * Package files in a bucket of AWS S3 or any S3-compatible store, under the settings' prefix. Uploads are staged
 * on local disk, then streamed to the bucket (in parts when large); an object appears whole or not at all.
 */
export function s3PackageStore(settings: Omit<S3Settings, "kind">): PackageStore {
  const client = new S3Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
  });
  const Bucket = settings.bucket;
  const objectKey = (key: string) => `${settings.prefix}${key}`;
  const get = (key: string, range?: string) =>
    client.send(new GetObjectCommand({ Bucket, Key: objectKey(key), Range: range }));
  const head = (key: string) => orNull(client.send(new HeadObjectCommand({ Bucket, Key: objectKey(key) })));
  const remove = async (key: string) => {
    await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(key) }));
  };

  /** Every object under the prefix, key relative to it, with its last write. */
  async function* list(under = ""): AsyncGenerator<{ key: string; lastModified: Date | undefined }> {
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket, Prefix: objectKey(under) || undefined, ContinuationToken }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key?.startsWith(settings.prefix)) {
          yield { key: object.Key.slice(settings.prefix.length), lastModified: object.LastModified };
        }
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  return {
    stagingRoot: settings.stagingRoot,

    async put(key: string, source: NupkgSource) {
      const Body = Buffer.isBuffer(source) ? source : createReadStream(source.path);
      try {
        const upload = new Upload({
          client,
          params: { Bucket, Key: objectKey(key), Body, ContentType: "application/octet-stream" },
        });
        await upload.done();
      } finally {
        if (!Buffer.isBuffer(Body)) Body.destroy();
      }
      if (!Buffer.isBuffer(source)) await rm(source.path, { force: true });
    },

    async size(key: string) {
      return (await head(key))?.ContentLength ?? null;
    },

    async open(key: string) {
      const object: GetObjectCommandOutput | null = await orNull(get(key));
      if (!object?.Body) return null;
      return { size: object.ContentLength ?? 0, body: object.Body.transformToWebStream() };
    },

    async zipSource(key: string) {
      const size = (await head(key))?.ContentLength;
      if (size === undefined) return null;
      return {
        size,
        read: async (start: number, end: number) => {
          if (end <= start) return Buffer.alloc(0);
          const object = await get(key, `bytes=${start}-${end - 1}`);
          return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
        },
      };
    },

    remove,

    async removeSiblings(key: string) {
      const folder = key.slice(0, key.lastIndexOf("/") + 1);
      for await (const object of list(folder)) {
        if (object.key !== key && object.key.endsWith(".nupkg")) await remove(object.key);
      }
    },

    async listOlderThan(cutoff: Date) {
      const old: string[] = [];
      for await (const object of list()) {
        if (object.lastModified && object.lastModified < cutoff) old.push(object.key);
      }
      return old;
    },
  };
}
