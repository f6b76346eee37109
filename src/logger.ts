import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Personal data never goes in: log ids (incident numbers, hashed user ids),
 * never names, e-mails or free text. The redact list is a second line of defence.
 */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'sikkerhedsbot' },
      redact: {
        paths: ['*.text', '*.name', '*.email', '*.description', 'activity', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}
