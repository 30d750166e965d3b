import type { SessionUser } from "@/lib/auth/views";

export async function SessionsSection({ user }: { user: SessionUser }) {
  void user;
  return null;
}
