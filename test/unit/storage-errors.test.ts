import { RestError } from '@azure/data-tables';
import { ConflictError, NotFoundError, StorageUnavailableError } from '../../src/errors';
import { isOutage, isRefusedGroup, rethrowStorageError } from '../../src/storage/errors';

const translated = (error: unknown): unknown => {
  try {
    rethrowStorageError(error, 'record');
  } catch (thrown) {
    return thrown;
  }
};

/** P10 / STYLE 5: the storage edge narrows by the SDK's `RestError` first, then by status code. */
describe('the storage edge', () => {
  it.each([
    ['a TypeError (a bug in our code)', new TypeError("Cannot read properties of undefined (reading 'seq')")],
    [
      'a JSON parse error from a corrupt row',
      (() => {
        try {
          JSON.parse('{"t":');
        } catch (e) {
          return e;
        }
      })(),
    ],
    [
      'a plain Error that happens to carry a status code',
      Object.assign(new Error('not from storage'), { statusCode: 503 }),
    ],
    ['a string', 'boom'],
  ])('lets %s through unchanged: a bug, not "storage unavailable"', (_case, error) => {
    expect(translated(error)).toBe(error);
    expect(isOutage(error)).toBe(false);
  });

  it.each([
    ['no answer (connection refused)', new RestError('connect ECONNREFUSED', { code: 'ECONNREFUSED' })],
    ['503', new RestError('Server busy', { statusCode: 503 })],
    ['500', new RestError('Internal', { statusCode: 500 })],
    ['429', new RestError('Too many', { statusCode: 429 })],
    ['408', new RestError('Timeout', { statusCode: 408 })],
    ['a timeout (the SDK aborts)', Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' })],
  ])('calls %s an outage: "try again"', (_case, error) => {
    expect(translated(error)).toBeInstanceOf(StorageUnavailableError);
    expect(isOutage(error)).toBe(true);
  });

  it('translates 404 and 409/412 and rethrows other answers (403, 400) as they are', () => {
    expect(translated(new RestError('nope', { statusCode: 404 }))).toBeInstanceOf(NotFoundError);
    expect(translated(new RestError('exists', { statusCode: 409 }))).toBeInstanceOf(ConflictError);
    expect(translated(new RestError('stale', { statusCode: 412 }))).toBeInstanceOf(ConflictError);
    for (const status of [400, 403]) {
      const error = new RestError('refused', { statusCode: status });
      expect(translated(error)).toBe(error);
    }
  });

  it('writes a group one by one after an answer one member can cause, not after an outage or a conflict', () => {
    for (const status of [400, 413, 500]) expect(isRefusedGroup(new RestError('x', { statusCode: status }))).toBe(true);
    for (const status of [408, 409, 412, 429, 503, 504])
      expect(isRefusedGroup(new RestError('x', { statusCode: status }))).toBe(false);
    expect(isRefusedGroup(new RestError('no answer', { code: 'ECONNRESET' }))).toBe(false);
    expect(isRefusedGroup(Object.assign(new Error('x'), { statusCode: 400 }))).toBe(false);
  });
});
