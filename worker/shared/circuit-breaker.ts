/**
 * Stops calling a backend for a while after it failed, so an outage costs one slow request per
 * isolate per cool-down instead of a timeout on every cache read of every request.
 */
export class CircuitBreaker {
  private openUntil = 0;

  constructor(private readonly coolDownMs = 5000) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (Date.now() < this.openUntil) throw new Error("backend unavailable (circuit open)");
    try {
      return await fn();
    } catch (err) {
      this.openUntil = Date.now() + this.coolDownMs;
      throw err;
    }
  }
}
