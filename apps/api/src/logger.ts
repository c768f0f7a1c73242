import pino, { type Logger } from 'pino';

export function createLogger(level: string, name = 'grounded'): Logger {
  return pino({
    name,
    level,
    // Never log credentials or document passwords, wherever they appear.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', 'password'],
      censor: '[redacted]',
    },
  });
}
