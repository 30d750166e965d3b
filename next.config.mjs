const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  serverExternalPackages: [
    "@gallery/prisma-sqlite",
    "@gallery/prisma-postgres",
    "@libsql/client",
    "@prisma/adapter-libsql",
    "@prisma/adapter-pg",
    "pg",
    "bcryptjs",
    "busboy",
    "ioredis",
    "rate-limiter-flexible",
    "nodemailer",
  ],
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      {
        // Pages get a nonce policy from proxy.ts; API answers never run scripts.
        source: "/:prefix(api|v3)/:path*",
        headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" }],
      },
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }],
      },
    ];
  },
};

export default nextConfig;
