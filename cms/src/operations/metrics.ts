import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The CMS's Prometheus metrics, one registry per Strapi instance (tests boot several in one
 * process; a module-wide registry would mix their counts). Labels are closed sets or route
 * patterns — never a raw URL, a slug, an id or anything a person typed — so no label can carry a
 * contact or a token, and the number of series stays bounded.
 */
export interface CmsMetrics {
  readonly registry: Registry;
  /** One request answered: its route pattern (`/participer/petitions/:slug/signer`), never its path. */
  observeRequest(request: { method: string; route: string; status: number; seconds: number }): void;
  /** What a resident's form did (participation/outcomes.ts names the forms and outcomes). */
  countOutcome(form: string, outcome: string): void;
  /** A scheduled job's turn on this instance: ran, skipped (another instance holds it or did it), failed. */
  countJobRun(job: string, outcome: string): void;
  /**
   * Adds a gauge read at each scrape (an outbox's depth, the age of its oldest message…). `collect`
   * may query the database; a failure leaves the gauge out of that scrape rather than failing it.
   */
  registerGauge(name: string, help: string, collect: () => number | Promise<number>): void;
}

const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function createCmsMetrics(): CmsMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'passerelle_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'passerelle_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const outcomes = new Counter({
    name: 'passerelle_participation_outcomes_total',
    help: "What residents' forms did, by form and outcome (accepted, confirmed, throttled, refused…).",
    labelNames: ['form', 'outcome'] as const,
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: 'passerelle_job_runs_total',
    help: "Scheduled jobs' turns on this instance, by job and outcome (ran, held elsewhere, already done, failed).",
    labelNames: ['job', 'outcome'] as const,
    registers: [registry],
  });

  return {
    registry,
    observeRequest({ method, route, status, seconds }) {
      const m = knownMethods.has(method) ? method : 'OTHER';
      requests.inc({ method: m, route, status: String(status) });
      duration.observe({ method: m, route }, seconds);
    },
    countOutcome: (form, outcome) => outcomes.inc({ form, outcome }),
    countJobRun: (job, outcome) => jobRuns.inc({ job, outcome }),
    registerGauge(name, help, collect) {
      new Gauge({
        name,
        help,
        registers: [registry],
        async collect() {
          try {
            this.set(await collect());
          } catch {
            // The database may be away: this scrape goes without the value, the rest still answers.
            this.reset();
          }
        },
      });
    },
  };
}

const byInstance = new WeakMap<object, CmsMetrics>();

/** The metrics of one Strapi instance, created the first time they are asked for. */
export function cmsMetrics(strapi: object): CmsMetrics {
  let metrics = byInstance.get(strapi);
  if (!metrics) byInstance.set(strapi, (metrics = createCmsMetrics()));
  return metrics;
}

/**
 * For other modules (the durable outbox's depth and oldest message) to publish a gauge on this
 * instance's endpoint, without this module knowing about them.
 */
export function registerGauge(strapi: object, name: string, help: string, collect: () => number | Promise<number>): void {
  cmsMetrics(strapi).registerGauge(name, help, collect);
}
