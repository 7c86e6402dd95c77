import type { Core } from '@strapi/strapi';
import { cmsConfig } from '../config';
import { cmsMetrics } from './metrics';
import { startMetricsServer, type MetricsServer } from './metrics-server';

/**
 * This instance's metrics endpoint, when METRICS_PORT is set: its own server on METRICS_HOST
 * (loopback by default), never the public port. Off when unset, in every environment: a port
 * opened only when asked for, and several instances on one host each pick their own.
 */
const servers = new WeakMap<object, MetricsServer>();

/** At register: the boot stops rather than serve metrics where the public is served. */
export function checkMetricsPort(): void {
  const { METRICS_PORT } = cmsConfig().operations;
  const { PORT } = cmsConfig().strapi;
  if (METRICS_PORT !== undefined && METRICS_PORT !== 0 && METRICS_PORT === PORT) {
    throw new Error(
      `Passerelle CMS: METRICS_PORT (${METRICS_PORT}) est le port public (PORT) ; les métriques doivent rester privées — ` +
        'METRICS_PORT must not be the public PORT: metrics stay on a private port.',
    );
  }
}

export async function startMetricsEndpoint(strapi: Core.Strapi): Promise<void> {
  const { METRICS_PORT, METRICS_HOST } = cmsConfig().operations;
  if (METRICS_PORT === undefined) return;
  const server = await startMetricsServer(cmsMetrics(strapi).registry, METRICS_HOST, METRICS_PORT);
  servers.set(strapi, server);
  strapi.log.info(`Passerelle CMS metrics at http://${server.host}:${server.port}/metrics`);
}

/** Where this instance serves its metrics, if it does (tests read the port of METRICS_PORT=0). */
export function metricsEndpointOf(strapi: object): { host: string; port: number } | undefined {
  const server = servers.get(strapi);
  return server && { host: server.host, port: server.port };
}

export async function stopMetricsEndpoint(strapi: object): Promise<void> {
  const server = servers.get(strapi);
  servers.delete(strapi);
  await server?.close();
}
