type Hook = () => Promise<void>;
type Stage = "flush" | "close";

const HOOKS = Symbol.for("gallery.shutdownHooks");
const hooks: Record<Stage, Hook[]> = ((globalThis as unknown as Record<symbol, Record<Stage, Hook[]>>)[HOOKS] ??= {
  flush: [],
  close: [],
});

/**
 * Runs the hook when the server stops (server.mjs, on SIGTERM or SIGINT) after requests in flight finish:
 * every "flush" hook first, then every "close" hook.
 */
export function onShutdown(hook: Hook, stage: Stage = "flush"): void {
  hooks[stage].push(hook);
}
