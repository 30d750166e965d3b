import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { receiveUpload, SPILL_BYTES, UploadError } from "./upload";

const MB = 1024 * 1024;
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "gallery-upload-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A request whose body arrives in chunks, counting how much of it the server pulled. */
function upload(bytes: Buffer, headers: Record<string, string> = {}, chunk = 64 * 1024) {
  const counter = { pulled: 0 };
  let offset = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      const piece = bytes.subarray(offset, offset + chunk);
      offset += piece.length;
      counter.pulled += piece.length;
      controller.enqueue(piece);
    },
  });
  const request = new Request("http://gallery.test/api/v2/package", {
    method: "PUT",
    headers,
    body,
    duplex: "half",
  } as RequestInit);
  return { request, counter };
}

function multipart(file: Buffer, boundary = "nuget-boundary") {
  return Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="package"; filename="package.nupkg"\r\n` +
        "Content-Type: application/octet-stream\r\n\r\n",
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

const staged = () => readdirSync(join(root, ".uploads"));

describe("receiveUpload", () => {
  it("streams a large raw body to a staged file of the same bytes", async () => {
    const bytes = Buffer.alloc(3 * MB, 7);
    const { request } = upload(bytes, { "content-type": "application/octet-stream" });
    const file = await receiveUpload(request, root, 5 * MB);
    if (Buffer.isBuffer(file)) throw new Error("a 3 MB package was held in memory");
    expect(file.size).toBe(bytes.length);
    expect(readFileSync(file.path).equals(bytes)).toBe(true);
  });

  it("streams the file part of a large multipart body to a staged file", async () => {
    const bytes = Buffer.alloc(3 * MB, 5);
    const { request } = upload(multipart(bytes), { "content-type": "multipart/form-data; boundary=nuget-boundary" });
    const file = await receiveUpload(request, root, 5 * MB);
    if (Buffer.isBuffer(file)) throw new Error("a 3 MB package was held in memory");
    expect(readFileSync(file.path).equals(bytes)).toBe(true);
  });

  it("keeps a small package in memory, with no file left behind", async () => {
    const bytes = Buffer.alloc(SPILL_BYTES, 3);
    const { request } = upload(bytes);
    const file = await receiveUpload(request, root, 5 * MB);
    expect(Buffer.isBuffer(file) && file.equals(bytes)).toBe(true);
    expect(staged()).toEqual([]);
  });

  it("takes the first file part of a multipart body with a quoted boundary, as nuget.exe sends it", async () => {
    const bytes = Buffer.from("the package bytes");
    const { request } = upload(multipart(bytes), { "content-type": 'multipart/form-data; boundary="nuget-boundary"' });
    const file = await receiveUpload(request, root, MB);
    expect(Buffer.isBuffer(file) && file.toString("utf8")).toBe("the package bytes");
  });

  it.each([
    ["raw", (b: Buffer) => b, "application/octet-stream"],
    ["multipart", (b: Buffer) => multipart(b), "multipart/form-data; boundary=nuget-boundary"],
  ])("refuses a %s body over the limit with 413 after reading all of it, and keeps no file", async (_, wrap, type) => {
    const body = wrap(Buffer.alloc(3 * MB, 1));
    const { request, counter } = upload(body, { "content-type": type });
    const refusal = await receiveUpload(request, root, MB).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UploadError);
    expect(refusal).toMatchObject({ status: 413, message: "The package is larger than the limit of 1 MB." });
    // The client finished sending, so it reads the 413 instead of a reset connection.
    expect(counter.pulled).toBe(body.length);
    expect(staged()).toEqual([]);
  });

  it("refuses at once from a declared length over the limit, still reading the body so the answer arrives", async () => {
    const body = Buffer.alloc(2 * MB, 1);
    const { request, counter } = upload(body, { "content-length": String(body.length) });
    await expect(receiveUpload(request, root, MB)).rejects.toMatchObject({ status: 413 });
    expect(counter.pulled).toBe(body.length);
  });

  it("refuses a multipart body without a file part, and one without a boundary", async () => {
    const noFile = upload(Buffer.from('--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nvalue\r\n--b--\r\n'), {
      "content-type": "multipart/form-data; boundary=b",
    });
    await expect(receiveUpload(noFile.request, root, MB)).rejects.toMatchObject({ status: 400 });
    const noBoundary = upload(Buffer.from("x"), { "content-type": "multipart/form-data" });
    await expect(receiveUpload(noBoundary.request, root, MB)).rejects.toMatchObject({
      status: 400,
      message: "The multipart body could not be read: its boundary is missing.",
    });
    expect(staged()).toEqual([]);
  });
});
