import { requestOrigin } from "@/lib/security/origin";

export const dynamic = "force-dynamic";

/** The NuGet V3 service index; clients find the push URL here (SPEC 4.1). */
export function GET(request: Request) {
  const base = requestOrigin(request);
  return Response.json({
    version: "3.0.0",
    resources: [
      {
        "@id": `${base}/api/v2/package`,
        "@type": "PackagePublish/2.0.0",
        comment: "Push, unlist (delete) and relist packages.",
      },
    ],
  });
}
