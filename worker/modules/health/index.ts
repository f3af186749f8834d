// The health module: storage probes and which adapter each port uses.
import { HealthService } from "./health.service";
import type { PortReport } from "./health.schemas";

export { healthRoutes } from "./health.routes";
export type { HealthService, PortReport };

export function createHealthModule(deps: { environment: string; ports: PortReport; probes: Record<string, () => Promise<unknown>> }) {
  return { service: new HealthService(deps.environment, deps.ports, deps.probes) };
}
