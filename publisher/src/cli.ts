#!/usr/bin/env -S node --import tsx
import { stopRunningBuilds } from './builder.ts';
import { loadConfig } from './config.ts';
import { Pipeline } from './pipeline.ts';
import { Releases } from './releases.ts';
import { publisherMetrics, startMetricsServer } from './metrics.ts';
import { createPublisherServer } from './server.ts';
import { cmsExpressSource } from './express-source.ts';
import { scheduleDailyBuild } from './daily-build.ts';
import { SiteRenderer } from './site-renderer.ts';
import path from 'node:path';

/**
 * `tsx src/cli.ts <command>`:
 *   serve     webhook receiver + build queue + status (what `npm start` runs)
 *   build     one build now, in the foreground (exit 1 if it did not go live)
 *   rollback  point `current` at the previous kept build
 *   status    print the build status as JSON
 */
const usage = 'usage: passerelle-publisher serve | build | rollback | status';

async function main(command: string | undefined): Promise<number> {
  switch (command) {
    case 'serve':
      return serve();
    case 'build': {
      const pipeline = new Pipeline(loadConfig());
      await pipeline.init();
      return (await pipeline.buildOnce(['manual build'])) ? 0 : 1;
    }
    case 'rollback': {
      // Needs only the builds folder: an operator may roll back with the CMS and publisher down.
      const releases = new Releases(loadConfig().buildsDir);
      const { from, to } = await releases.rollback();
      console.log(`Rolled back: ${from} → ${to} is live. / Retour arrière : ${to} est en ligne.`);
      return 0;
    }
    case 'status': {
      const pipeline = new Pipeline(loadConfig());
      await pipeline.init();
      console.log(JSON.stringify(await pipeline.snapshot(), null, 2));
      return 0;
    }
    default:
      console.error(usage);
      return 2;
  }
}

async function serve(): Promise<number> {
  const config = loadConfig();
  if (!config.secret) throw new Error('PUBLISHER_SECRET is required to receive webhooks (the same value as the CMS).');
  const secret = config.secret;
  const pipeline = new Pipeline(config);
  await pipeline.init();
  // Before listening, so anyone who sees the server up also sees the first build under way.
  const live = await pipeline.releases.current();
  const renderer = new SiteRenderer({ siteDir: config.siteDir, workDir: path.join(config.buildsDir, '.express') });
  if (config.express && renderer.available) {
    pipeline.enableExpress(
      cmsExpressSource({ cmsUrl: config.cmsUrl, renderer: () => renderer.renderer(), mediaCacheDir: renderer.mediaCacheDir }),
      (id) => renderer.followStore(id),
    );
    if (live) await renderer.followStore(live).catch((error: unknown) => console.error(`[publisher] express lane off until the next build: ${(error as Error).message}`));
    console.log('[publisher] express lane on: a published entry’s page goes live before the full build');
  } else if (config.express) {
    console.log('[publisher] express lane off: no render build (pnpm --filter @passerelle/site build:render)');
  }
  // Publishes a stopped or crashed publisher had not put live yet are built first, whatever the setting.
  if (!pipeline.resumePending() && (config.buildOnStart === 'true' || (config.buildOnStart === 'if-missing' && !live))) pipeline.queue.triggerNow('start');

  const stopDailyBuild = config.dailyBuildAt ? scheduleDailyBuild(config.dailyBuildAt, () => pipeline.queue.trigger('daily')) : () => {};
  if (config.dailyBuildAt) console.log(`[publisher] a full build every day at ${config.dailyBuildAt} (Montréal)`);

  const server = createPublisherServer(pipeline, secret);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  console.log(`[publisher] listening on http://${config.host}:${config.port} (status: /status), builds in ${config.buildsDir}`);
  const metrics = config.metrics ? await startMetricsServer(publisherMetrics(pipeline), config.metrics.host, config.metrics.port) : null;
  if (metrics) console.log(`[publisher] metrics at http://${config.metrics!.host}:${metrics.port}/metrics`);

  return new Promise((resolve) => {
    const stop = () => {
      stopDailyBuild();
      pipeline.queue.cancelWaiting();
      // Steps run in their own process group (so a timeout kills their children): stop them here.
      stopRunningBuilds();
      void renderer.stop();
      void metrics?.close();
      server.close(() => resolve(0));
      setTimeout(() => resolve(0), 2_000).unref();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
