// Preloaded into a gallery process (NODE_OPTIONS=--require) so its clock runs FAKE_CLOCK_OFFSET_MS ahead.
const offset = Number(process.env.FAKE_CLOCK_OFFSET_MS || 0);
const RealDate = Date;
const now = () => RealDate.now() + offset;
globalThis.Date = new Proxy(RealDate, {
  construct: (target, args, newTarget) => Reflect.construct(target, args.length ? args : [now()], newTarget),
  apply: () => new RealDate(now()).toString(),
  get: (target, prop, receiver) => (prop === "now" ? now : Reflect.get(target, prop, receiver)),
});
