import type { Check, Health, PortReport } from "./health.schemas";

async function timed(fn: () => Promise<unknown>): Promise<Check> {
  const t = performance.now();
  try {
    await fn();
    return { ok: true, ms: Math.round(performance.now() - t) };
  } catch (err) {
    return { ok: false, ms: Math.round(performance.now() - t), error: (err as Error).message };
  }
}

/** Probes storage (the probes come from the composition root) and reports which adapter each port uses. */
export class HealthService {
  constructor(
    private readonly environment: string,
    private readonly ports: PortReport,
    private readonly probes: Record<string, () => Promise<unknown>>,
  ) {}

  async check(): Promise<Health> {
    const checks: Record<string, Check> = {};
    for (const [name, probe] of Object.entries(this.probes)) checks[name] = await timed(probe);
    const ok = Object.values(checks).every((x) => x.ok);
    return { status: ok ? "ok" : "degraded", environment: this.environment, checks, ports: this.ports };
  }
}
