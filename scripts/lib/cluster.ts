// A gallery cluster on one machine: N instances of server.mjs sharing PostgreSQL, Redis and package storage,
// behind nginx on one port. `npm run cluster`, the cluster e2e suite and `npm run load -- --cluster` start it.
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { S3RVER_CREDENTIALS, startS3Server } from "../../tests/support/s3-server";
import { ensureNginx } from "./provision.mjs";

export type Instance = {
  name: string;
  url: string;
  pid: () => number | undefined;
  output: () => string;
  /** Sends the signal (SIGTERM drains requests in flight) and resolves with the exit code once it has ended. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  /** Starts the instance again on the same port; resolves once it answers its health check. */
  start: () => Promise<void>;
};

export type Cluster = { url: string; instances: Instance[]; proxyOutput: () => string; stop: () => Promise<void> };

export type ClusterOptions = {
  /** Settings every instance shares: DATABASE_URL, RATE_LIMIT_REDIS_URL, AUTH_SECRET, storage. */
  env: Record<string, string>;
  instances?: number;
  /** The proxy's port; instances take the ones after it. */
  port?: number;
  /** Where the proxy listens: 0.0.0.0 so clients on other machines reach it. */
  listen?: string;
  /** The address people use, for GALLERY_URL; http://localhost:<port> by default. */
  publicUrl?: string;
  /** The proxy's configuration and temporary files. */
  dir: string;
  /** Prints every line the processes write, prefixed by their name. */
  echo?: boolean;
};

const HEALTH_TRIES = 240;

/** An S3-compatible store on loopback (s3rver) and the settings that point the instances at it. */
export async function startObjectStore(directory?: string) {
  const s3 = await startS3Server("packages", { directory });
  const env = {
    STORAGE: "s3",
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_FORCE_PATH_STYLE: "1",
    S3_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    S3_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
  };
  return { env, endpoint: s3.endpoint, stop: s3.stop };
}

async function healthy(url: string, process: ChildProcess): Promise<void> {
  for (let i = 0; i < HEALTH_TRIES; i++) {
    if (process.exitCode !== null) throw new Error(`${url} exited at start`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer its health check`);
}

/** nginx in front of the instances: one public port, the client's address appended to X-Forwarded-For. */
export function nginxConfig(
  dir: string,
  tempDir: string,
  listen: string,
  port: number,
  upstreams: string[],
  maxBodyMb: number,
) {
  const temp = (name: string) => `${name}_temp_path ${join(tempDir, name)};`;
  return `daemon off;
worker_processes 2;
pid ${join(dir, "nginx.pid")};
error_log ${join(dir, "error.log")} warn;
events { worker_connections 4096; }
http {
  access_log off;
  ${temp("client_body")}
  ${temp("proxy")}
  ${temp("fastcgi")}
  ${temp("uwsgi")}
  ${temp("scgi")}
  client_max_body_size ${maxBodyMb + 1}m;
  upstream gallery {
${upstreams.map((u) => `    server ${u} max_fails=1 fail_timeout=2s;`).join("\n")}
  }
  server {
    listen ${listen}:${port};
    location / {
      proxy_pass http://gallery;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      # An instance that is stopping refuses new connections: the request goes to the next one.
      proxy_next_upstream error timeout http_502 http_503;
      proxy_read_timeout 120s;
    }
  }
}
`;
}

function prefixed(name: string, echo: boolean, sink: { text: string }) {
  return (chunk: Buffer) => {
    const text = chunk.toString();
    sink.text += text;
    if (sink.text.length > 1_000_000) sink.text = sink.text.slice(-500_000);
    if (echo) for (const line of text.split("\n").filter(Boolean)) console.log(`[${name}] ${line}`);
  };
}

function instance(name: string, port: number, env: Record<string, string>, echo: boolean): Instance {
  const log = { text: "" };
  let child: ChildProcess | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);
  const url = `http://127.0.0.1:${port}`;
  const start = async () => {
    child = spawn(process.execPath, ["server.mjs", "-H", "127.0.0.1", "-p", String(port)], {
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", prefixed(name, echo, log));
    child.stderr!.on("data", prefixed(name, echo, log));
    const current = child;
    exited = new Promise((done) => current.on("exit", (code) => done(code)));
    await healthy(url, current);
  };
  return {
    name,
    url,
    pid: () => child?.pid,
    output: () => log.text,
    start,
    stop: async (signal = "SIGTERM") => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Starts the instances, then nginx in front of them; stop() ends them all. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const count = options.instances ?? 2;
  const port = options.port ?? 3000;
  const listen = options.listen ?? "0.0.0.0";
  const publicUrl = options.publicUrl ?? `http://localhost:${port}`;
  const echo = options.echo ?? false;
  const dir = resolve(options.dir);
  const nginx = ensureNginx();
  const env = {
    TRUSTED_PROXY_HOPS: "1",
    GALLERY_URL: publicUrl,
    ...options.env,
    INSTANCES: String(count),
  };
  const instances = Array.from({ length: count }, (_, i) =>
    instance(String.fromCharCode(97 + i), port + 1 + i, env, echo),
  );
  const stopAll = async () => {
    await Promise.all(instances.map((i) => i.stop()));
  };
  try {
    await Promise.all(instances.map((i) => i.start()));
  } catch (error) {
    await stopAll();
    throw error;
  }

  mkdirSync(dir, { recursive: true });
  // nginx's workers run as an unprivileged user when started by root and buffer request bodies here, so the
  // folder sits in the system's temporary folder, which any user may reach, not below a private checkout.
  const tempDir = mkdtempSync(join(tmpdir(), "gallery-nginx-"));
  chmodSync(tempDir, 0o777);
  const config = join(dir, "nginx.conf");
  const maxBodyMb = Number(options.env.MAX_PACKAGE_MB ?? 250);
  const upstreams = instances.map((i) => i.url.slice("http://".length));
  writeFileSync(config, nginxConfig(dir, tempDir, listen, port, upstreams, maxBodyMb));
  const proxyLog = { text: "" };
  const proxy = spawn(nginx, ["-e", join(dir, "error.log"), "-p", dir, "-c", config], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  proxy.stdout!.on("data", prefixed("nginx", echo, proxyLog));
  proxy.stderr!.on("data", prefixed("nginx", echo, proxyLog));
  const proxyExited = new Promise((done) => proxy.on("exit", done));
  const url = `http://127.0.0.1:${port}`;
  try {
    await healthy(url, proxy);
  } catch (error) {
    proxy.kill("SIGTERM");
    await stopAll();
    throw new Error(`${(error as Error).message}\n${proxyLog.text}`);
  }
  return {
    url,
    instances,
    proxyOutput: () => proxyLog.text,
    stop: async () => {
      // SIGQUIT: nginx finishes the requests it is proxying, then the instances drain theirs.
      if (proxy.exitCode === null) proxy.kill("SIGQUIT");
      await proxyExited;
      await stopAll();
      rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
