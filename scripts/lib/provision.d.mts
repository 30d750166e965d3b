export const DEFAULT_POSTGRES_URL: string;
export const DEFAULT_REDIS_URL: string;
export function redisReachable(url: string): Promise<boolean>;
export function nginxPath(): string | null;
export function ensureNginx(): string;
export function provision(options?: { postgresUrl?: string; redisUrl?: string }): Promise<void>;
export function provisionServices(options?: { postgresUrl?: string; redisUrl?: string }): Promise<void>;
