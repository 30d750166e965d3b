import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Readable, Writable } from "node:stream";
import { finished, pipeline } from "node:stream/promises";
import busboy from "busboy";
import type { NupkgSource } from "./nupkg";
import { stagingPath } from "./storage/staging";

/** A refusal of the upload itself, before its contents are looked at. */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
  }
}

/** Multipart framing adds a little to the package itself. */
const FRAMING_BYTES = 64 * 1024;
/** How much of a refused body is read and dropped so the client hears the refusal instead of a reset. */
const DRAIN_MAX_BYTES = 1024 * 1024 * 1024;

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);
const tooLarge = (maxBytes: number) =>
  new UploadError(`The package is larger than the limit of ${megabytes(maxBytes)} MB.`, 413);

/** The first file part of a multipart body (NuGet clients quote the boundary and send chunked), into `sink`. */
function multipartFile(
  contentType: string,
  maxBytes: number,
  sink: () => Writable,
): { parser: Writable; file: Promise<void> } {
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { "content-type": contentType }, limits: { files: 1, fileSize: maxBytes, parts: 20 } });
  } catch {
    throw new UploadError("The multipart body could not be read: its boundary is missing.", 400);
  }
  const file = new Promise<void>((resolve, reject) => {
    let found = false;
    parser.on("file", (_name, stream) => {
      found = true;
      stream.on("limit", () => reject(tooLarge(maxBytes)));
      pipeline(stream, sink()).then(resolve, reject);
    });
    parser.on("error", () => reject(new UploadError("The multipart body could not be read.", 400)));
    parser.on("close", () => {
      if (!found) reject(new UploadError("The multipart body has no file part: send the .nupkg as a file.", 400));
    });
  });
  file.catch(() => undefined);
  return { parser, file };
}

/** Writes a chunk, waiting while the destination is full. */
async function write(sink: Writable, chunk: Buffer): Promise<void> {
  if (!sink.write(chunk)) await once(sink, "drain");
}

/** Packages up to this size stay in memory; larger ones go to a staged file as they arrive. */
export const SPILL_BYTES = 1024 * 1024;

/** Collects bytes in memory and moves them to a file once they pass SPILL_BYTES. */
class SpillSink extends Writable {
  private chunks: Buffer[] = [];
  private held = 0;
  private file: Writable | null = null;

  constructor(private readonly path: string) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.held += chunk.length;
    if (this.file) {
      if (this.file.write(chunk)) callback();
      else this.file.once("drain", () => callback());
      return;
    }
    this.chunks.push(chunk);
    if (this.held <= SPILL_BYTES) return callback();
    this.file = createWriteStream(this.path, { flags: "wx" });
    this.file.once("error", (error) => this.destroy(error));
    const held = Buffer.concat(this.chunks);
    this.chunks = [];
    if (this.file.write(held)) callback();
    else this.file.once("drain", () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (!this.file) return callback();
    this.file.end();
    finished(this.file).then(() => callback(), callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.file?.destroy();
    callback(error);
  }

  /** The package: its bytes when small, else the staged file. */
  result(): NupkgSource {
    return this.file ? { path: this.path, size: this.held } : Buffer.concat(this.chunks);
  }

  get spilled(): boolean {
    return this.file !== null;
  }
}

/**
 * Reads the .nupkg of a request (the first file part of a multipart form, or a raw body) within the size
 * limit: a small package in memory, a large one streamed to a staged file, never held whole in memory.
 * Over the limit the rest of the body is read and dropped (up to a bound) before the 413, so NuGet clients
 * print the refusal instead of a connection reset. A staged file is removed on any failure.
 */
export async function receiveUpload(request: Request, root: string, maxBytes: number): Promise<NupkgSource> {
  if (!request.body) throw new UploadError("The request has no body: send the .nupkg file.", 400);
  const body = Readable.fromWeb(request.body as import("node:stream/web").ReadableStream<Uint8Array>);
  const declared = Number(request.headers.get("content-length") ?? 0);
  const type = request.headers.get("content-type") ?? "";
  const multipart = type.toLowerCase().startsWith("multipart/form-data");
  const limit = multipart ? maxBytes + FRAMING_BYTES : maxBytes;
  const sink = new SpillSink(await stagingPath(root));
  let refused: Error | null = declared > limit ? tooLarge(maxBytes) : null;
  try {
    const { parser, file } = multipart ? multipartFile(type, maxBytes, () => sink) : { parser: sink, file: null };
    file?.catch((error: Error) => (refused ??= error));
    let received = 0;
    for await (const chunk of body as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (!refused && received > limit) refused = tooLarge(maxBytes);
      if (refused) {
        if (received > DRAIN_MAX_BYTES) break;
        continue;
      }
      await write(parser, chunk);
    }
    if (refused) throw refused;
    parser.end();
    if (file) await file;
    else await finished(parser);
    return sink.result();
  } catch (error) {
    sink.destroy();
    const staged = sink.result();
    if (!Buffer.isBuffer(staged)) await rm(staged.path, { force: true });
    throw error instanceof UploadError
      ? error
      : new UploadError("The upload was interrupted before it was complete.", 400);
  } finally {
    body.destroy();
  }
}
