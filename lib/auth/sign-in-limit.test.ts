import { describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";
import { beginSignIn, signInSucceeded } from "./sign-in-limit";

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
});
