import { isSecretKey, REDACTED, redactLogText } from './redact';

/**
 * The winston formats of the CMS's logger (cms/config/logger.ts, LOG_FORMAT). `pretty`: Strapi's own line —
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

/** Winston's own fields, and what formats before us added: not copied into the JSON line. */
const internal = new Set(['level', 'message', 'stack', 'timestamp', 'splat']);

/** A field's value in the JSON line: numbers and booleans as they are, text redacted, the rest left out. */
function fieldValue(key: string, value: unknown): string | number | boolean | undefined {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  return isSecretKey(key) ? REDACTED : redactLogText(value);
}

/**
 * `json`: one JSON object per line, for a log collector — `time`, `level`, `msg` (the same redacted
 * text as the pretty line), then the fields the caller gave: the request log's `method`, `route`,
 * `path`, `status`, `durationMs`, `requestId` (an object of fields is flattened one level). Every
 * string is redacted; a field named like a secret or a contact is dropped to `[redacted]`; other
 * kinds of value (objects deeper down, arrays) are left out rather than risk what they hold.
 */
export function passerelleJsonLogFormat() {
  return {
    transform(info: Info): Info {
      const line: Record<string, unknown> = { time: new Date().toISOString(), level: info.level, msg: redactLogText(messageOf(info)) };
      for (const [key, value] of Object.entries(info)) {
        if (internal.has(key)) continue;
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          for (const [inner, innerValue] of Object.entries(value as Record<string, unknown>)) {
            const field = fieldValue(inner, innerValue);
            if (field !== undefined && !(inner in line)) line[inner] = field;
          }
          continue;
        }
        const field = fieldValue(key, value);
        if (field !== undefined && !(key in line)) line[key] = field;
      }
      for (const key of Object.keys(info)) {
        if (key !== 'level' && typeof info[key] === 'string') info[key] = redactLogText(info[key] as string);
      }
      info.message = line.msg;
      info[MESSAGE] = JSON.stringify(line);
      return info;
    },
  };
}
