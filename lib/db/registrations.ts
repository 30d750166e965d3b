import type { Tx } from "./client";

export function findAccountByUsername(tx: Tx, username: string) {
  return tx.account.findUnique({ where: { usernameKey: username.toLowerCase() }, select: { id: true } });
}

/** A person's owner account and its user row, in one write. */
export async function insertUserAccount(
  tx: Tx,
  user: { username: string; email: string; passwordHash: string; emailConfirmedAt: Date | null; createdAt: Date },
): Promise<string> {
  const account = await tx.account.create({
    data: {
      kind: "user",
      username: user.username,
      usernameKey: user.username.toLowerCase(),
      createdAt: user.createdAt,
      user: {
        create: {
          email: user.email,
          name: user.username,
          passwordHash: user.passwordHash,
          emailConfirmedAt: user.emailConfirmedAt,
          createdAt: user.createdAt,
        },
      },
    },
    select: { id: true },
  });
  return account.id;
}
