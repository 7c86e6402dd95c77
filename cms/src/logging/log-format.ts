import { redactLogText } from './redact';

/**
 * The winston format of the CMS's logger (cms/config/logger.ts): Strapi's own line —
 * `[YYYY-MM-DD HH:mm:ss.SSS] level: message`, an error's stack after its message — with
 * `redactLogText` applied to everything printed. A format is any object with `transform(info)`,
 * so this needs no import of winston (which the CMS does not depend on directly).
 */
type Info = Record<string | symbol, unknown> & { level: string; message?: unknown };

const MESSAGE = Symbol.for('message');

const colours: Record<string, number> = { error: 31, warn: 33, info: 32, http: 32, verbose: 36, debug: 34, silly: 35 };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function timestamp(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
  );
}

function messageOf(info: Info): string {
  const message = typeof info.message === 'string' ? info.message : info.message === undefined ? '' : safeJson(info.message);
  if (info instanceof Error || typeof info.stack === 'string') {
    const stack = typeof info.stack === 'string' ? info.stack : '';
    // A stack starts with "Error: <message>": print it once.
    return stack.includes(message) ? stack : `${message}${stack ? `\n${stack}` : ''}`;
  }
  return message;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function passerelleLogFormat({ colors = Boolean(process.stdout.isTTY) }: { colors?: boolean } = {}) {
  return {
    transform(info: Info): Info {
      const text = redactLogText(messageOf(info));
      // Other transports or formats may read these fields: they get the redacted text too.
      for (const key of Object.keys(info)) {
        if (key !== 'level' && typeof info[key] === 'string') info[key] = redactLogText(info[key] as string);
      }
      info.message = text;
      const level = colors && colours[info.level] ? `\u001b[${colours[info.level]}m${info.level}\u001b[39m` : info.level;
      info[MESSAGE] = `[${timestamp(new Date())}] ${level}: ${text}`;
      return info;
    },
  };
}
