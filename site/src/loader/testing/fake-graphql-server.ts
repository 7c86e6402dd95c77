import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CollectionName, Locale } from '@passerelle/shared';
import type { Node } from '@passerelle/shared/testing';

/** What the fake serves: GraphQL nodes per collection and locale. */
export type Dataset = Partial<Record<CollectionName, Partial<Record<Locale, Node[]>>>>;

export interface FakeGraphqlServer {
  /** Base URL to give the loader as `url` or `CMS_URL` (without `/graphql`). */
  url: string;
  /** Every request received, to assert on pagination and locales. */
  requests: Array<{ collection: string; locale: string; page: number; pageSize: number; authorization?: string | undefined }>;
  close(): Promise<void>;
}

export interface FakeGraphqlOptions {
  port?: number;
  /** Answer every request with GraphQL errors, as Strapi does when the schema does not match. */
  graphqlErrors?: string[];
}

/**
 * A stand-in for Strapi's `/graphql` that understands exactly the queries `collectionQuery()` builds:
 * it reads the collection from the operation name and pages through the fixture nodes.
 */
export async function startFakeGraphqlServer(dataset: Dataset, options: FakeGraphqlOptions = {}): Promise<FakeGraphqlServer> {
  const requests: FakeGraphqlServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      // Petition pages read their signature count from the CMS's write path at build time.
      if (req.method === 'GET' && /^\/participer\/petitions\/[^/]+\/compte\.json$/.test(req.url ?? '')) {
        return send(200, { confirmed: 0, paper: 0, total: 0 });
      }
      if (req.method !== 'POST' || req.url !== '/graphql') return send(404, { error: 'Not Found' });
      const { query, variables } = JSON.parse(raw || '{}') as {
        query?: string;
        variables?: { locale: string; page: number; pageSize: number };
      };
      const match = /query Passerelle_(\w+)/.exec(query ?? '');
      const queryField = /\{\s*(\w+)\(/.exec(query ?? '');
      if (!match || !variables || !queryField) return send(400, { errors: [{ message: 'unexpected query' }] });
      const collection = match[1]!;
      const { locale, page, pageSize } = variables;
      requests.push({ collection, locale, page, pageSize, authorization: req.headers.authorization });
      if (options.graphqlErrors) return send(400, { errors: options.graphqlErrors.map((message) => ({ message })) });
      const nodes = dataset[collection as keyof Dataset]?.[locale as 'fr' | 'en'] ?? [];
      const slice = nodes.slice((page - 1) * pageSize, page * pageSize);
      send(200, { data: { [queryField[1]!]: slice } });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
