import { connect, createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CmsQueryError, CmsUnreachableError, strapiLoader } from './strapi-loader.ts';
import { startFakeGraphqlServer, type FakeGraphqlServer } from './testing/fake-graphql-server.ts';
import { fakeLoaderContext } from './testing/fake-store.ts';
import { aClosedConsultation, anOpenConsultation, anUpcomingEvent, aPastEvent, toGraphqlNode, type Fixture, type Node } from '@passerelle/shared/testing';

let server: FakeGraphqlServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const now = new Date('2026-11-28T17:00:00Z');
/** The item as the loader receives it at `now`, with node fields replaced. */
const node = (fixture: Fixture, fields: Record<string, unknown> = {}): Node => ({ ...toGraphqlNode(fixture, { now }), ...fields });

describe('strapiLoader', () => {
  it('stores valid entries of both locales as <locale>/<slug>, parsed by the shared schema', async () => {
    const fr = node(anUpcomingEvent(), { slug: 'cuisine' });
    const en = { ...fr, locale: 'en', title: 'Community kitchen' };
    server = await startFakeGraphqlServer({ events: { fr: [fr], en: [en] } });
    const { context, entries } = fakeLoaderContext();

    await strapiLoader({ collection: 'events', url: server.url }).load(context);

    expect([...entries.keys()].sort()).toEqual(['en/cuisine', 'fr/cuisine']);
    const data = entries.get('en/cuisine')!.data as { title: string; image: unknown; registrationMode: string };
    expect(data.title).toBe('Community kitchen');
    expect(data.image).toBeNull(); // schema transform applied (image folded)
    expect(server.requests.map((r) => r.locale).sort()).toEqual(['en', 'fr']);
  });

  it('skips an invalid entry with a warning naming the collection, locale, slug, documentId and issue', async () => {
    const good = node(aPastEvent(), { slug: 'corvee' });
    const bad = node(anUpcomingEvent(), { slug: 'sans-lieu', documentId: 'doc-bad', place: null });
    server = await startFakeGraphqlServer({ events: { fr: [good, bad] } });
    const { context, entries, warnings, infos } = fakeLoaderContext();

    await strapiLoader({ collection: 'events', url: server.url }).load(context);

    expect([...entries.keys()]).toEqual(['fr/corvee']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('events');
    expect(warnings[0]).toContain('[fr]');
    expect(warnings[0]).toContain('sans-lieu');
    expect(warnings[0]).toContain('doc-bad');
    expect(warnings[0]).toContain('place');
    expect(infos.join('\n')).toMatch(/events: 1 entries .*1 invalid skipped/);
  });

  it('pages through the collection until a short page', async () => {
    const nodes: Node[] = Array.from({ length: 5 }, (_, i) => node(anOpenConsultation(), { slug: `c-${i}`, documentId: `d${i}` }));
    server = await startFakeGraphqlServer({ consultations: { fr: nodes, en: [node(aClosedConsultation(), { slug: 'x' })] } });
    const { context, entries } = fakeLoaderContext('consultations');

    await strapiLoader({ collection: 'consultations', url: server.url, pageSize: 2 }).load(context);

    expect(entries.size).toBe(6);
    const frPages = server.requests.filter((r) => r.locale === 'fr').map((r) => r.page);
    expect(frPages).toEqual([1, 2, 3]); // 2 + 2 + 1: the third page is short
    expect(server.requests.filter((r) => r.locale === 'en').map((r) => r.page)).toEqual([1]);
    expect(server.requests.every((r) => r.pageSize === 2)).toBe(true);
  });

  it('asks for the next page before storing this one, and stores the documents in the CMS order', async () => {
    const nodes: Node[] = Array.from({ length: 45 }, (_, i) => node(anOpenConsultation(), { slug: `c-${i}`, documentId: `d${i}` }));
    server = await startFakeGraphqlServer({ consultations: { fr: nodes } });
    const { context, entries, writes } = fakeLoaderContext('consultations');
    // Which pages had been asked for (fetch called) when each entry was stored.
    const asked: string[] = [];
    const askedWhenStored = new Map<string, string[]>();
    const realFetch = globalThis.fetch;
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      const { variables } = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { variables: { locale: string; page: number } };
      asked.push(`${variables.locale}:${variables.page}`);
      return realFetch(input, init);
    });
    const set = context.store.set.bind(context.store);
    context.store.set = (entry) => {
      askedWhenStored.set(entry.id, [...asked]);
      return set(entry);
    };
    try {
      await strapiLoader({ collection: 'consultations', url: server.url, pageSize: 20 }).load(context);
    } finally {
      spy.mockRestore();
    }

    expect(entries.size).toBe(45);
    expect(writes).toEqual(nodes.map((_, i) => `fr/c-${i}`));
    // Page 2 was already on its way while page 1's last entry was stored (one after another, it
    // would be asked for only once every entry of page 1 had been stored).
    expect(askedWhenStored.get('fr/c-19')).toContain('fr:2');
    expect(askedWhenStored.get('fr/c-19')).not.toContain('fr:3');
    // The short third page asks for nothing after it.
    expect(asked.filter((page) => page.startsWith('fr:'))).toEqual(['fr:1', 'fr:2', 'fr:3']);
  });

  it('skips unchanged entries by digest and removes entries gone from the CMS', async () => {
    const a = node(anUpcomingEvent(), { slug: 'a', documentId: 'a' });
    const b = node(anUpcomingEvent(), { slug: 'b', documentId: 'b' });
    const dataset = { events: { fr: [a, b] } };
    server = await startFakeGraphqlServer(dataset);
    const { context, entries, writes, infos } = fakeLoaderContext();
    const loader = strapiLoader({ collection: 'events', url: server.url });

    await loader.load(context);
    expect(writes).toEqual(['fr/a', 'fr/b']);

    dataset.events.fr = [a, { ...b, title: 'Titre changé' }];
    await loader.load(context);
    expect(writes).toEqual(['fr/a', 'fr/b', 'fr/b']);
    expect(infos.at(-1)).toMatch(/1 updated, 1 unchanged/);

    dataset.events.fr = [a];
    await loader.load(context);
    expect([...entries.keys()]).toEqual(['fr/a']);
  });

  it('sends the token as a bearer token', async () => {
    server = await startFakeGraphqlServer({});
    const { context } = fakeLoaderContext('topics');
    await strapiLoader({ collection: 'topics', url: server.url, token: 's3cret' }).load(context);
    expect(server.requests[0]?.authorization).toBe('Bearer s3cret');
  });

  it('throws one CmsUnreachableError naming the URL and what to do when nothing listens', async () => {
    const port = await freePort();
    const { context } = fakeLoaderContext();
    const error = await strapiLoader({ collection: 'events', url: `http://127.0.0.1:${port}` })
      .load(context)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CmsUnreachableError);
    const message = (error as Error).message;
    expect(message).toContain(`http://127.0.0.1:${port}/graphql`);
    expect(message).toContain('connection refused');
    expect(message).toContain('pnpm start');
    expect(message).toContain('CMS_URL');
    expect((error as Error).cause).toBeDefined();
  });

  it('reports a CMS that never answers as unreachable (timed out)', async () => {
    const silent = createServer(() => {}); // accepts connections, never replies
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const { context } = fakeLoaderContext();
    try {
      const error = await strapiLoader({ collection: 'events', url: `http://127.0.0.1:${port}`, timeoutMs: 200 })
        .load(context)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CmsUnreachableError);
      expect((error as Error).message).toContain('timed out');
    } finally {
      silent.close();
    }
  });

  it('retries a connection reset before failing the build', async () => {
    const fr = node(anUpcomingEvent(), { slug: 'cuisine' });
    server = await startFakeGraphqlServer({ events: { fr: [fr] } });
    const target = new URL(server.url);
    // A front that drops the first connection (a keep-alive socket closed under the client), then relays.
    let dropped = 0;
    const flaky = createServer((socket) => {
      if (dropped++ === 0) {
        socket.resetAndDestroy();
        return;
      }
      const upstream = connect(Number(target.port), target.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    const { port } = flaky.address() as { port: number };
    const { context, entries } = fakeLoaderContext();
    try {
      await strapiLoader({ collection: 'events', url: `http://127.0.0.1:${port}`, retryDelayMs: 10 }).load(context);
      expect(dropped).toBeGreaterThanOrEqual(2);
      expect([...entries.keys()]).toEqual(['fr/cuisine']);
    } finally {
      flaky.close();
    }
  });

  it('reports a non-GraphQL HTTP error as unreachable', async () => {
    server = await startFakeGraphqlServer({});
    const { context } = fakeLoaderContext();
    const error = await strapiLoader({ collection: 'events', url: `${server.url}/nowhere` })
      .load(context)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CmsUnreachableError);
    expect((error as Error).message).toContain('HTTP 404');
  });

  it('turns GraphQL errors into a CmsQueryError naming the collection', async () => {
    server = await startFakeGraphqlServer({}, { graphqlErrors: ['Cannot query field "cost" on type "Event".'] });
    const { context } = fakeLoaderContext();
    const error = await strapiLoader({ collection: 'events', url: server.url })
      .load(context)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CmsQueryError);
    expect((error as Error).message).toContain('"events"');
    expect((error as Error).message).toContain('Cannot query field "cost"');
  });
});

/** A port nobody listens on: open one, note it, close it. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
