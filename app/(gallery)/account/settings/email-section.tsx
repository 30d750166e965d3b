import type { SessionUser } from "@/lib/auth/views";

export async function EmailSection({ user }: { user: SessionUser }) {
  void user;
  return null;
}
