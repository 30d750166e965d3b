import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import * as z from "zod/mini";
import { db } from "@/lib/db/client";
import { findSessionUser } from "@/lib/db/users";
import type { FieldErrors, Result } from "@/lib/result";
import { auth } from "./config";
import { safeCallbackUrl } from "./schemas";
import type { SessionUser } from "./views";

/** The signed-in user, looked up once per request however many components ask. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const id = session?.user?.id;
  return id ? findSessionUser(db, id, session.sessionId ?? null) : null;
});

/** The one gate for pages, server actions and route handlers of the signed-in area. */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) {
    const back = (await headers()).get("x-pathname");
    redirect(back ? `/login?callbackUrl=${encodeURIComponent(safeCallbackUrl(back))}` : "/login");
  }
  return user;
}

/** Wraps a server action: the session gate, then the shared zod schema, then the handler. */
export function authedAction<S extends z.ZodMiniType, T>(
  schema: S,
  handler: (user: SessionUser, input: z.output<S>) => Promise<Result<T>>,
): (input: z.input<S>) => Promise<Result<T>> {
  return async (input) => {
    const user = await currentUser();
    if (!user) return { ok: false, error: "Your session has ended. Sign in again." };
    const parsed = z.safeParse(schema, input);
    if (!parsed.success) {
      const flat = z.flattenError(parsed.error);
      return {
        ok: false,
        error: "Check the highlighted fields.",
        fieldErrors: {
          ...(flat.fieldErrors as FieldErrors),
          ...(flat.formErrors.length ? { form: flat.formErrors } : {}),
        },
      };
    }
    return handler(user, parsed.data);
  };
}
