import { useEffect, useState } from 'react';
import { useFetchClient } from '@strapi/strapi/admin';

export type Loaded<T> = { state: 'loading' } | { state: 'forbidden' } | { state: 'error' } | { state: 'ready'; data: T };

/**
 * GET one of our admin routes (`{ data }` answers) with the admin's token, again every
 * `refreshMs` when given. The answer's shape is the server module's exported type: the
 * integration tests hold the server to it.
 */
export function useAdminJson<T>(path: string, refreshMs?: number): Loaded<T> {
  const { get } = useFetchClient();
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    const load = async () => {
      try {
        const response = await get<{ data: T }>(path, { signal: controller.signal });
        setLoaded({ state: 'ready', data: response.data.data });
      } catch (error) {
        if (controller.signal.aborted) return;
        const status = (error as { status?: number }).status;
        setLoaded({ state: status === 403 ? 'forbidden' : 'error' });
      }
    };
    void load();
    const timer = refreshMs ? window.setInterval(() => void load(), refreshMs) : undefined;
    return () => {
      controller.abort();
      if (timer) window.clearInterval(timer);
    };
  }, [get, path, refreshMs]);

  return loaded;
}
