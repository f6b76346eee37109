import pino from 'pino';

export type Logger = pino.Logger;

/**
 * How an error goes into a log line (`logger.warn({ err: error }, …)`): its kind as `type` (the
 * error's name; `name` itself would fall to the redact list) and its message — never its stack,
 * cause or other properties (an SDK error carries the request and response). A SyntaxError keeps
 * only its kind: JSON.parse quotes the text it could not read, which can be personal data.
 */
export function serializeError(error: unknown): { type: string; message?: string } {
  if (typeof error !== 'object' || error === null) return { type: typeof error };
  const { name, message } = error as { name?: unknown; message?: unknown };
  const type = typeof name === 'string' && name ? name : (error.constructor?.name ?? 'Object');
  if (type === 'SyntaxError' || typeof message !== 'string') return { type };
  return { type, message };
}

/**
 * Structured JSON logs. Personal data never goes in: log ids (incident numbers, hashed user ids),
 * never names, e-mails or free text. The redact list is a second line of defence.
 */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'sikkerhedsbot' },
      serializers: { err: serializeError },
      redact: {
        paths: ['*.text', '*.name', '*.email', '*.description', 'activity', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
