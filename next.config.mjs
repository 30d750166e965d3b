/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  serverExternalPackages: ["@gallery/prisma-sqlite", "@gallery/prisma-postgres", "@libsql/client", "@prisma/adapter-libsql", "@prisma/adapter-pg", "pg", "bcryptjs", "busboy"],
};

export default nextConfig;
