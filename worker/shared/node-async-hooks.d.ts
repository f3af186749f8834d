// workerd provides node:async_hooks under nodejs_compat, but the generated runtime types do not declare
// it, and the Worker's own programs leave @types/node out (it would bring Node globals that do not
// exist in a Worker). Only what round-trips.ts uses is declared.
declare module "node:async_hooks" {
  export class AsyncLocalStorage<T> {
    run<R>(store: T, fn: () => R): R;
    getStore(): T | undefined;
  }
}
