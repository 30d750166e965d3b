import type { SessionUser } from "@/lib/auth/views";

export async function PasswordSection({ user }: { user: SessionUser }) {
  void user;
  return null;
}
