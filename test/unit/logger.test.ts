import { Writable } from 'node:stream';
import { ConflictError } from '../../src/errors';
import { createLogger } from '../../src/logger';

/** A logger whose lines are kept, parsed. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger('debug', destination), lines };
}

describe('errors in the log', () => {
  it('logs an error by its kind and message, without its stack or the request an SDK error carries', () => {
    const { logger, lines } = capture();
    const sdkError = Object.assign(new Error('The specified entity already exists.'), {
      name: 'RestError',
      statusCode: 409,
      request: { url: 'https://account.table.core.windows.net/Incidents', body: '{"text":"Jens Hansen"}' },
    });
    logger.warn({ err: new ConflictError('system 0a1b2c') }, 'a');
    logger.warn({ err: sdkError }, 'b');
    expect(lines.map((line) => line.err)).toEqual([
      { type: 'ConflictError', message: 'Conflict: system 0a1b2c' },
      { type: 'RestError', message: 'The specified entity already exists.' },
    ]);
    expect(JSON.stringify(lines)).not.toMatch(/Jens|stack|at Object/);
  });

  it('keeps only the kind of a SyntaxError, whose message quotes the text it could not parse', () => {
    const { logger, lines } = capture();
    let parseError: unknown;
    try {
      JSON.parse('{"reporter":"Jens Hansen", CPR 010203-1234');
    } catch (error) {
      parseError = error;
    }
    logger.error({ err: parseError }, 'stored row unreadable');
    expect(lines[0]?.err).toEqual({ type: 'SyntaxError' });
    expect(JSON.stringify(lines)).not.toMatch(/Jens|1234/);
  });

  it('logs what is thrown that is not an error by its type only', () => {
    const { logger, lines } = capture();
    logger.warn({ err: 'Jens Hansen' }, 'a');
    logger.warn({ err: undefined }, 'b');
    logger.warn({ err: { name: 'AbortError' } }, 'c');
    expect(lines.map((line) => line.err)).toEqual([{ type: 'string' }, undefined, { type: 'AbortError' }]);
  });
});
