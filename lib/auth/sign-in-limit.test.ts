import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";
import { beginSignIn, limitedAttempt, passwordAccepted, signInSucceeded } from "./sign-in-limit";

const LIMIT = readEnv({}).SIGNIN_FAILURES_PER_ACCOUNT;
let n = 0;
const account = () => `owner${Date.now()}-${n++}@example.test`;

describe("sign-in limits", () => {
  it("take points before the password is checked: of 30 parallel attempts only the limit go through", async () => {
    const email = account();
    const results = await Promise.all(Array.from({ length: 30 }, () => beginSignIn(email, "203.0.113.50")));
    expect(results.filter((r) => r.ok)).toHaveLength(LIMIT);
    expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, retryAfterSeconds: expect.any(Number) });
  });

  it("do not let a stranger lock the owner out from the owner's own address", async () => {
    const email = account();
    for (let i = 0; i < LIMIT; i++) expect(await beginSignIn(email, "198.51.100.66")).toEqual({ ok: true });
    expect((await beginSignIn(email, "198.51.100.66")).ok).toBe(false);
    expect(await beginSignIn(email, "203.0.113.51")).toEqual({ ok: true });
  });

  it("give the points back when the password was right", async () => {
    const email = account();
    for (let i = 0; i < LIMIT - 1; i++) await beginSignIn(email, "203.0.113.52");
    await signInSucceeded(email, "203.0.113.52");
    for (let i = 0; i < LIMIT; i++) expect((await beginSignIn(email, "203.0.113.52")).ok).toBe(true);
  });

  it("count wrong codes after a right password: the password step never clears them", async () => {
    const email = account();
    const ip = "203.0.113.53";
    for (let i = 0; i < LIMIT - 1; i++) {
      expect((await beginSignIn(email, ip)).ok).toBe(true);
      await passwordAccepted(email, ip);
      expect((await beginSignIn(email, ip)).ok).toBe(true); // a wrong code
    }
    expect((await beginSignIn(email, ip)).ok).toBe(true);
    await passwordAccepted(email, ip);
    expect((await beginSignIn(email, ip)).ok).toBe(true); // the last wrong code the window allows
    expect((await beginSignIn(email, ip)).ok).toBe(false);
  });

  it("limit a password asked again of a signed-in user, and clear the count when it was right", async () => {
    const email = account();
    const ip = "203.0.113.54";
    const wrong = () => limitedAttempt(email, ip, async () => ({ ok: false as const, error: "wrong" }));
    for (let i = 0; i < LIMIT; i++) expect(await wrong()).toEqual({ ok: false, error: "wrong" });
    expect(await wrong()).toMatchObject({ ok: false, error: expect.stringContaining("Too many failed sign-ins") });
    const right = await limitedAttempt("other-" + email, ip, async () => ({ ok: true as const, data: 1 }));
    expect(right).toEqual({ ok: true, data: 1 });
  });
});
