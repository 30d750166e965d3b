import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";
import { requestOrigin } from "./origin";

const request = (headers: Record<string, string>, url = "http://localhost:3000/v3/index.json") =>
  new Request(url, { headers });

describe("requestOrigin", () => {
  it("follows the Host header when GALLERY_URL is unset, so remote clients are not sent to localhost", () => {
    expect(requestOrigin(request({ host: "gallery.example.com" }), readEnv({}))).toBe("http://gallery.example.com");
    expect(requestOrigin(request({ host: "10.1.2.3:3000" }), readEnv({}))).toBe("http://10.1.2.3:3000");
    expect(requestOrigin(request({ host: "[::1]:3000" }), readEnv({}))).toBe("http://[::1]:3000");
  });

  it("ignores X-Forwarded-Host and -Proto unless proxies are trusted", () => {
    const forwarded = { host: "gallery.internal:3000", "x-forwarded-host": "evil.com", "x-forwarded-proto": "https" };
    expect(requestOrigin(request(forwarded), readEnv({}))).toBe("http://gallery.internal:3000");
    expect(requestOrigin(request(forwarded), readEnv({ TRUSTED_PROXY_HOPS: "1" }))).toBe("https://evil.com");
  });

  it("uses GALLERY_URL whenever it is set", () => {
    const settings = readEnv({ GALLERY_URL: "https://nuget.example.com/" });
    expect(requestOrigin(request({ host: "evil.com", "x-forwarded-host": "evil.com" }), settings)).toBe(
      "https://nuget.example.com",
    );
  });

  it("falls back to the server's own URL when the Host header is malformed", () => {
    for (const host of ["evil.com/path", "a b", "evil.com@x", "host:99999999", ""]) {
      expect(requestOrigin(request({ host }), readEnv({}))).toBe("http://localhost:3000");
    }
  });
});
