import type { DailyUsage, KeyUsage } from "@/lib/api-keys/views";
import { DAY_MS } from "@/lib/keys/expiry";
import type { Db } from "./client";

export const USAGE_DAYS = 30;
export const USES_PER_PAGE = 25;

/** A key's recent uses and its uses per day over the last 30 days; null unless the user created the key. */
export async function getKeyUsage(
  db: Db,
  userId: string,
  keyId: string,
  now = new Date(),
  page = 1,
): Promise<KeyUsage | null> {
  const key = await db.apiKey.findFirst({
    where: { id: keyId, creatorId: userId },
    select: { id: true, name: true, hint: true, lastUsedAt: true },
  });
  if (!key) return null;
  const since = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - (USAGE_DAYS - 1) * DAY_MS);
  const [recent, total, window] = await Promise.all([
    db.usageEvent.findMany({
      where: { keyId },
      orderBy: { createdAt: "desc" },
      skip: (page - 1) * USES_PER_PAGE,
      take: USES_PER_PAGE,
      select: {
        id: true,
        createdAt: true,
        action: true,
        packageId: true,
        version: true,
        status: true,
        result: true,
        ip: true,
        userAgent: true,
      },
    }),
    db.usageEvent.count({ where: { keyId } }),
    db.usageEvent.findMany({ where: { keyId, createdAt: { gte: since } }, select: { createdAt: true, status: true } }),
  ]);
  const daily: DailyUsage[] = Array.from({ length: USAGE_DAYS }, (_, i) => ({
    day: new Date(since.getTime() + i * DAY_MS).toISOString().slice(0, 10),
    succeeded: 0,
    refused: 0,
  }));
  for (const event of window) {
    const bucket = daily[Math.floor((event.createdAt.getTime() - since.getTime()) / DAY_MS)];
    if (!bucket) continue;
    if (event.status < 400) bucket.succeeded++;
    else bucket.refused++;
  }
  return { key, recent, total, daily };
}
