import { describe, expect, it } from "vitest";
import { clientIp, PEER_HEADER } from "./client-ip";

const headers = (forwardedFor: string | null, peer: string | null = "127.0.0.1") =>
  new Headers({
    ...(forwardedFor === null ? {} : { "x-forwarded-for": forwardedFor }),
    ...(peer === null ? {} : { [PEER_HEADER]: peer }),
  });

describe("clientIp", () => {
  it("is the socket's peer without trusted proxies, whatever X-Forwarded-For says", () => {
    expect(clientIp(headers("203.0.113.9"), 0)).toBe("127.0.0.1");
    expect(clientIp(headers("203.0.113.9, 198.51.100.7"), 0)).toBe("127.0.0.1");
    expect(clientIp(headers(null, "192.0.2.44"), 0)).toBe("192.0.2.44");
  });

  it("is unknown when the server did not record a peer", () => {
    expect(clientIp(headers("203.0.113.9", null), 0)).toBeNull();
  });

  it("behind N trusted proxies is the Nth X-Forwarded-For entry from the right", () => {
    // The client forged the first entry; the proxy appended the address it saw.
    expect(clientIp(headers("6.6.6.6, 203.0.113.9", "10.0.0.2"), 1)).toBe("203.0.113.9");
    expect(clientIp(headers("6.6.6.6, 203.0.113.9, 10.0.0.5", "10.0.0.2"), 2)).toBe("203.0.113.9");
  });

  it("falls back to the furthest entry when there are fewer entries than hops", () => {
    expect(clientIp(headers("203.0.113.9", "10.0.0.2"), 5)).toBe("203.0.113.9");
    expect(clientIp(headers(null, "10.0.0.2"), 1)).toBe("10.0.0.2");
  });
});
