export { BuildQueue, type QueueState } from './build-queue.ts';
export { astroBuilder, type Builder, type BuildOutcome, type BuildRequest } from './builder.ts';
export { checkBuild } from './checks.ts';
export { loadConfig, type PublisherConfig } from './config.ts';
export { Pipeline, type PipelineConfig } from './pipeline.ts';
export { Releases, newBuildId } from './releases.ts';
export { createPublisherServer } from './server.ts';
export type { BuildStatus } from './status.ts';
export { SECRET_HEADER } from './webhook.ts';
