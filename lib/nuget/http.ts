import { config } from "@/lib/config";
import { db } from "@/lib/db/client";
import { clientIp } from "@/lib/security/client-ip";
import { keyCheckLimiters } from "@/lib/security/key-checks";
import { requestOrigin } from "@/lib/security/origin";
import { onShutdown } from "@/lib/shutdown";
import { DEFAULT_NUPKG_LIMITS } from "./nupkg";
import { packageStore } from "./storage/server";
import type { ApiReply, ApiRequest, ServiceDeps } from "./service";
import { UsageRecorder } from "./usage";

const globalForUsage = globalThis as unknown as { galleryUsage?: UsageRecorder };
const usage = (globalForUsage.galleryUsage ??= createUsageRecorder());

function createUsageRecorder(): UsageRecorder {
  const recorder = new UsageRecorder(db);
  onShutdown(() => recorder.flush());
  return recorder;
}

export function serviceDeps(request: Request): ServiceDeps {
  return {
    db,
    usage,
    store: packageStore(),
    limits: {
      ...DEFAULT_NUPKG_LIMITS,
      maxPackageBytes: config.maxPackageBytes,
      maxCompressionRatio: config.maxCompressionRatio,
    },
    galleryUrl: requestOrigin(request),
    keyChecks: keyCheckLimiters(),
  };
}

export function apiRequest(request: Request): ApiRequest {
  return {
    apiKey: request.headers.get("x-nuget-apikey"),
    ip: clientIp(request.headers),
    userAgent: request.headers.get("user-agent"),
  };
}

/** NuGet clients print the reason phrase, so it carries the message as well as the body. */
export function toResponse(reply: ApiReply): Response {
  const reason = reply.message.replace(/[^\x20-\x7e]/g, "?").slice(0, 500);
  return new Response(reply.status === 204 ? null : reply.message, {
    status: reply.status,
    statusText: reason,
    headers: { "content-type": "text/plain; charset=utf-8", ...reply.headers },
  });
}
