import { currentNodeEnv } from './env-secrets';
import { parseCmsSection } from '../src/config';
import { passerelleJsonLogFormat, passerelleLogFormat } from '../src/logging/log-format';

/**
 * Winston options of `strapi.log` (Strapi merges them over its defaults; the level comes from
 * `server.logger.config`, i.e. LOG_LEVEL). The format redacts contacts, codes and tokens from
 * every line, whoever logs it: Strapi's request log, plugins, our own code, errors and stacks.
 * LOG_FORMAT picks JSON lines (default in production, for a log collector) or Strapi's line.
 */
export default () => {
  const { LOG_FORMAT } = parseCmsSection('operations', process.env);
  const format = LOG_FORMAT ?? (currentNodeEnv() === 'production' ? 'json' : 'pretty');
  return { format: format === 'json' ? passerelleJsonLogFormat() : passerelleLogFormat() };
};
