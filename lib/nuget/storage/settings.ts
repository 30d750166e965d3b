/** Where package files are kept: a folder on this machine, or a bucket of an S3-compatible store. */
export type StorageSettings = FsSettings | S3Settings;

export type FsSettings = { kind: "fs"; root: string };

export type S3Settings = {
  kind: "s3";
  /** The local folder uploads are staged in before they are sent to the bucket. */
  stagingRoot: string;
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  /** Prepended to every key: "" or a folder ending in "/". */
  prefix: string;
  /** Unset: the AWS SDK's default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
};
