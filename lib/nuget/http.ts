import busboy from "busboy";
import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { clientIp } from "@/lib/security/client-ip";
import { rateLimits } from "@/lib/security/rate-limit";
import { DEFAULT_NUPKG_LIMITS } from "./nupkg";
import { UploadError, type ApiReply, type ApiRequest, type ServiceDeps } from "./service";
import { UsageRecorder } from "./usage";

const globalForUsage = globalThis as unknown as { galleryUsage?: UsageRecorder };
const usage = (globalForUsage.galleryUsage ??= new UsageRecorder(db));

/** The gallery's public base URL: GALLERY_URL, or the request's origin when it is unset. */
export function galleryUrl(request: Request): string {
  return env().GALLERY_URL ?? new URL(request.url).origin;
}

export function serviceDeps(request: Request): ServiceDeps {
  return {
    db,
    usage,
    packagesDir: config.packagesDir,
    limits: {
      ...DEFAULT_NUPKG_LIMITS,
      maxPackageBytes: config.maxPackageBytes,
      maxCompressionRatio: config.maxCompressionRatio,
    },
    galleryUrl: galleryUrl(request),
    keyFailures: rateLimits().apiKeyIp,
  };
}

export function apiRequest(request: Request): ApiRequest {
  return {
    apiKey: request.headers.get("x-nuget-apikey"),
    ip: clientIp(request.headers),
    userAgent: request.headers.get("user-agent"),
  };
}

/** NuGet clients print the reason phrase, so it carries the message as well as the body. */
export function toResponse(reply: ApiReply): Response {
  const reason = reply.message.replace(/[^\x20-\x7e]/g, "?").slice(0, 500);
  return new Response(reply.status === 204 ? null : reply.message, {
    status: reply.status,
    statusText: reason,
    headers: { "content-type": "text/plain; charset=utf-8", ...reply.headers },
  });
}

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);
const tooLarge = (maxBytes: number) =>
  new UploadError(`The package is larger than the limit of ${megabytes(maxBytes)} MB.`, 413);

async function readRaw(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
}

/** The first file part of a multipart body, read with busboy (NuGet clients quote the boundary and send chunked). */
async function readMultipart(body: ReadableStream<Uint8Array>, contentType: string, maxBytes: number): Promise<Buffer> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: { "content-type": contentType }, limits: { files: 1, fileSize: maxBytes, parts: 20 } });
  } catch {
    throw new UploadError("The multipart body could not be read: its boundary is missing.", 400);
  }
  const file = new Promise<Buffer>((resolve, reject) => {
    let found = false;
    parser.on("file", (_name, stream) => {
      found = true;
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("limit", () => reject(tooLarge(maxBytes)));
      stream.on("end", () => resolve(Buffer.concat(chunks)));
    });
    parser.on("error", () => reject(new UploadError("The multipart body could not be read.", 400)));
    parser.on("close", () => {
      if (!found) reject(new UploadError("The multipart body has no file part: send the .nupkg as a file.", 400));
    });
  });
  file.catch(() => undefined);
  const reader = body.getReader();
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    // Multipart framing adds a little to the package itself.
    if (size > maxBytes + 64 * 1024) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    if (!parser.write(value)) await new Promise((r) => parser.once("drain", r));
  }
  parser.end();
  return file;
}

/** The .nupkg from a multipart form (its first file part, as NuGet clients send it) or a raw body. */
export async function readUpload(request: Request, maxBytes: number): Promise<Buffer> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes + 64 * 1024) throw tooLarge(maxBytes);
  if (!request.body) throw new UploadError("The request has no body: send the .nupkg file.", 400);
  const type = request.headers.get("content-type") ?? "";
  return type.toLowerCase().startsWith("multipart/form-data")
    ? readMultipart(request.body, type, maxBytes)
    : readRaw(request.body, maxBytes);
}
