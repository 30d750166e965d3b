import type { SessionUser } from "@/lib/auth/views";

export async function DeleteAccountSection({ user }: { user: SessionUser }) {
  void user;
  return null;
}
