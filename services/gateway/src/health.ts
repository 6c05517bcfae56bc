/**
 * Readiness of the upstream model server, probed on demand and cached briefly so that however often the
 * readiness probe (or anyone) calls /health, the model server sees at most one probe per cache period.
 */
import { UpstreamClient } from "./upstream";

/** Result of a probe. */
export interface HealthStatus {
  ready: boolean;
  /** What was found, for the /health body and the logs. */
  detail: string;
}

/** Options of {@link UpstreamHealth}. */
export interface UpstreamHealthOptions {
  /** How long a result is reused, ms. */
  cacheMs: number;
  /** Timeout of one probe, ms. */
  timeoutMs: number;
}

export class UpstreamHealth {
  private cached?: { status: HealthStatus; at: number };
  private pending?: Promise<HealthStatus>;

  constructor(
    private readonly client: UpstreamClient,
    private readonly options: UpstreamHealthOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Whether the model server is ready: `GET /health` answers 2xx (vLLM: the engine is up); for servers
   * without that route (404/405), `GET /v1/models` answers 2xx. Concurrent callers share one probe.
   */
  check(): Promise<HealthStatus> {
    if (this.cached && this.now() - this.cached.at < this.options.cacheMs) return Promise.resolve(this.cached.status);
    if (!this.pending) {
      this.pending = this.probe()
        .then((status) => {
          this.cached = { status, at: this.now() };
          return status;
        })
        .finally(() => {
          this.pending = undefined;
        });
    }
    return this.pending;
  }

  private async probe(): Promise<HealthStatus> {
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const health = await this.client.get("/health", signal);
      if (health.status >= 200 && health.status < 300) return { ready: true, detail: "upstream /health answered " + health.status };
      if (health.status !== 404 && health.status !== 405) return { ready: false, detail: `upstream /health answered ${health.status}` };
      const models = await this.client.get("/v1/models", signal);
      if (models.status >= 200 && models.status < 300) return { ready: true, detail: "upstream /v1/models answered " + models.status };
      return { ready: false, detail: `upstream /v1/models answered ${models.status}` };
    } catch (e) {
      if (signal.aborted) return { ready: false, detail: `upstream health probe timed out after ${this.options.timeoutMs} ms` };
      return { ready: false, detail: (e as Error).message };
    }
  }
}
