/** One dependency a service needs in order to do its job (a database, a broker, a card reader). */
export interface HealthProbe {
  readonly name: string;
  /** Resolves when the dependency answers; rejects with the reason otherwise. */
  check(): Promise<void>;
}

export interface HealthReport {
  status: 'ok' | 'unavailable';
  service: string;
  checks: Record<string, { status: 'up' | 'down'; error?: string }>;
}

export const HEALTH_PROBES = Symbol('HEALTH_PROBES');

const PROBE_TIMEOUT_MS = 2_000;

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every probe in parallel, each with a deadline, so one hung dependency cannot hang the check. */
export async function checkHealth(service: string, probes: readonly HealthProbe[]): Promise<HealthReport> {
  const results = await Promise.all(
    probes.map(async (probe) => {
      try {
        await withTimeout(probe.check(), PROBE_TIMEOUT_MS);
        return [probe.name, { status: 'up' as const }] as const;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return [probe.name, { status: 'down' as const, error: message }] as const;
      }
    }),
  );
  const checks: HealthReport['checks'] = {};
  for (const [name, result] of results) checks[name] = result;
  const status = results.every(([, result]) => result.status === 'up') ? 'ok' : 'unavailable';
  return { status, service, checks };
}
