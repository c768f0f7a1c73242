import { hostname } from 'node:os';
import { INSTANCE_ID } from '@grounded/core';
import pino, { type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';

/**
 * Our credentials have recognisable shapes: API keys `gk_<16 hex>_<43 base64url>` and widget tokens
 * `wt_<base64url>.<base64url>`. Whatever a field is called, and whatever an error message quotes,
 * a string of that shape never reaches a log line (issue #12).
 *
 * Both patterns run in linear time on hostile input: the API key's is bounded before its open tail,
 * and the widget token's may only start where a run of token characters starts, so a long
 * `wt_wt_wt_...` is tried once, not once per `wt_`. The cost: a token glued to the end of another
 * word (`xwt_a.b`) is not caught; a Bearer, `=`, quote or space before it is the real case.
 * An API key's tail is open so that a mangled or over-long key is redacted whole, and a truncated
 * one is still caught while 16 characters of its secret survive.
 */
const CREDENTIAL_SHAPES =
  /gk_[a-f0-9]{16}_[A-Za-z0-9_-]{16,}|(?<![A-Za-z0-9_-])wt_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;

/** Replaces every API key and widget token in `text`; cheap when there is none. */
export function redactCredentials(text: string): string {
  if (!text.includes('gk_') && !text.includes('wt_')) return text;
  return text.replace(CREDENTIAL_SHAPES, '[redacted]');
}

/**
 * pino's error serializer copies every enumerable property of the error. body-parser's parse
 * errors carry the raw request `body`, and bodies are never logged (issue #12).
 */
function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error);
  if (serialized && typeof serialized === 'object' && 'body' in serialized) {
    delete (serialized as { body?: unknown }).body;
  }
  return serialized;
}

/** `pretty` for people, `json` for log collectors; `auto` is pretty on a terminal (issue #17). */
export type LogFormat = 'auto' | 'pretty' | 'json';

/** The fields of a request line (request-logging.ts): in pretty output they form the message. */
const REQUEST_LINE_FIELDS = ['method', 'route', 'status', 'ms'] as const;

/**
 * One readable line per entry: time, level, message, then the remaining fields inline. A request
 * line reads `GET /v1/chat 200 35ms`; an error's stack (kept only for unexpected errors) follows
 * on its own lines.
 */
function prettyStream(destination: DestinationStream | undefined, colorize: boolean): DestinationStream {
  const prettify = prettyFactory({
    colorize,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: ['pid', 'hostname', ...REQUEST_LINE_FIELDS].join(','),
    messageFormat: (log, messageKey) => {
      const message = String(log[messageKey] ?? '');
      if (log.route === undefined) return message;
      return `${log.method} ${log.route} ${log.status} ${log.ms}ms`;
    },
  });
  // Formatted in this thread, synchronously: the order of lines is the order of events.
  const target = destination ?? process.stdout;
  return { write: (line: string) => void target.write(prettify(line)) };
}

/**
 * `destination` is for tests and the CLI (which keeps log lines out of its progress bar); by
 * default pino writes to stdout. `auto` picks pretty when the output is a terminal.
 */
export function createLogger(
  level: string,
  name = 'grounded',
  destination?: DestinationStream,
  format: LogFormat = 'auto',
): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    // Never log credentials or document passwords, wherever they appear.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', 'password'],
      censor: '[redacted]',
    },
    serializers: { err: serializeError },
    // The last line of defence: it sees the finished line, so it covers bindings, messages and
    // serialized errors (message, stack, causes) alike, whatever the serializers above let through.
    // The pretty stream receives the scrubbed JSON line, so both formats are covered.
    hooks: { streamWrite: redactCredentials },
  };
  const usePretty =
    format === 'pretty' || (format === 'auto' && !destination && process.stdout.isTTY === true);
  if (usePretty)
    return pino(options, prettyStream(destination, !destination && process.stdout.isTTY === true));
  return destination ? pino(options, destination) : pino(options);
}

/**
 * This process as the operator knows it. Index reports show tenants only the opaque id; the start
 * line of each process maps it to host and pid.
 */
export function instanceLabel(): string {
  return `${INSTANCE_ID} on ${hostname()} pid ${process.pid}`;
}
