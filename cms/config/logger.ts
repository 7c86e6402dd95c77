import { passerelleLogFormat } from '../src/logging/log-format';

/**
 * Winston options of `strapi.log` (Strapi merges them over its defaults; the level comes from
 * `server.logger.config`, i.e. LOG_LEVEL). The format redacts contacts, codes and tokens from
 * every line, whoever logs it: Strapi's request log, plugins, our own code, errors and stacks.
 */
export default {
  format: passerelleLogFormat(),
};
