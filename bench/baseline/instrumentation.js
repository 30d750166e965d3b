// The bare app runs nothing at startup; without this file its build takes the gallery's instrumentation.ts.
export function register() {}
