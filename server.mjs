// The gallery's HTTP server: Next.js behind a thin layer that records the socket's peer address (the only
// client address nobody can forge) and shuts down gracefully. `npm start`, `npm run demo`, the e2e suite and
// the benchmarks all serve through it.
import { createServer } from "node:http";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    hostname: { type: "string", short: "H" },
    port: { type: "string", short: "p" },
  },
});
const dev = args.dev;
const hostname = args.hostname || process.env.HOSTNAME || undefined;
const port = Number(args.port ?? process.env.PORT ?? 3000);
const DRAIN_MS = 10_000;

/** Request header the app reads the peer address from; a client-sent value is always overwritten. */
const PEER_HEADER = "x-gallery-peer";
/** Hooks the app registers (lib/shutdown.ts) to flush and close before the process exits. */
const SHUTDOWN_HOOKS = Symbol.for("gallery.shutdownHooks");

// Sign-in redirects are built from AUTH_URL when it is set (next-auth), never from a request's Host header.
// Set before Next.js loads: it snapshots the environment then.
const galleryUrl = process.env.GALLERY_URL?.replace(/\/$/, "");
if (galleryUrl && !process.env.AUTH_URL) process.env.AUTH_URL = `${galleryUrl}/api/auth`;
const { default: next } = await import("next");

const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

/** Whether the path's percent-encoding decodes to text; Next.js answers 500 to one that does not. */
function decodablePath(url) {
  try {
    decodeURIComponent((url ?? "/").split("?")[0]);
    return true;
  } catch {
    return false;
  }
}

const server = createServer((req, res) => {
  if (!decodablePath(req.url)) {
    res.writeHead(400, "Bad Request", { "content-type": "text/plain; charset=utf-8" });
    res.end("The URL's path is not valid percent-encoded UTF-8.");
    return;
  }
  const peer = req.socket.remoteAddress ?? "";
  req.headers[PEER_HEADER] = peer.startsWith("::ffff:") ? peer.slice(7) : peer;
  void handle(req, res);
});
server.listen(port, hostname, () => {
  console.log(
    `> Gallery listening on http://${hostname ?? "localhost"}:${port} (${dev ? "development" : "production"})`,
  );
});

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`> ${signal}: finishing requests in flight, then flushing and closing`);
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
  await closed;
  clearTimeout(timer);
  const hooks = globalThis[SHUTDOWN_HOOKS] ?? { flush: [], close: [] };
  for (const hook of [...hooks.flush, ...hooks.close]) {
    try {
      await hook();
    } catch (error) {
      console.error(`> shutdown: ${error instanceof Error ? error.message : error}`);
    }
  }
  process.exit(0);
}
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => void shutdown(signal));
