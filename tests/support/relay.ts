import { createServer, connect, type AddressInfo, type Server, type Socket } from "node:net";

/** A TCP relay to PostgreSQL that a test can cut, freeze and restore, as a network outage would. */
export class Relay {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  private frozen = false;
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  /** A relay to the server of this PostgreSQL URL, and the same URL through it. */
  static async to(url: string, query: Record<string, string> = {}): Promise<{ relay: Relay; url: string }> {
    const target = new URL(url);
    const relay = new Relay({ host: target.hostname, port: Number(target.port || 5432) });
    await relay.open();
    const through = new URL(url);
    through.port = String(relay.port);
    for (const [name, value] of Object.entries(query)) through.searchParams.set(name, value);
    return { relay, url: through.toString() };
  }

  async open(): Promise<void> {
    this.frozen = false;
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      // Bytes are passed on unless the relay is frozen, when they vanish as on a dead link.
      client.on("data", (chunk: Buffer) => void (this.frozen || upstream.write(chunk)));
      upstream.on("data", (chunk: Buffer) => void (this.frozen || client.write(chunk)));
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** Connections stay open but nothing gets through either way, until thaw(). */
  freeze(): void {
    this.frozen = true;
  }

  thaw(): void {
    this.frozen = false;
  }

  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }
}
