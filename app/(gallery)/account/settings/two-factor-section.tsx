import type { SessionUser } from "@/lib/auth/views";

export async function TwoFactorSection({ user }: { user: SessionUser }) {
  void user;
  return null;
}
