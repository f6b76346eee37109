import { RestError, type TableClient } from '@azure/data-tables';

type Method = 'submitTransaction' | 'createEntity' | 'updateEntity' | 'upsertEntity' | 'getEntity';

/** What an unreachable storage account answers (the edge turns it into "try again"). */
const unavailable = () => new RestError('injected fault: storage unavailable', { statusCode: 503 });

/** Replaces one method on the client object itself, so whoever holds the client (the bot too) meets it once. */
function interceptNext(
  table: TableClient,
  method: Method,
  around: (call: () => Promise<unknown>) => Promise<unknown>,
): void {
  const original = (table[method] as (...args: unknown[]) => Promise<unknown>).bind(table);
  Object.defineProperty(table, method, {
    configurable: true,
    writable: true,
    value: (...args: unknown[]) => {
      delete (table as unknown as Record<string, unknown>)[method];
      return around(() => original(...args));
    },
  });
}

/**
 * Makes the next call of `method` fail as unreachable storage does. `landed`: the call reaches
 * storage and only its answer is lost, so the write is there though the caller was told it failed.
 */
export function failNextCall(table: TableClient, method: Method, options: { landed?: boolean } = {}): void {
  interceptNext(table, method, async (call) => {
    if (options.landed) await call();
    throw unavailable();
  });
}

/** Lets `skip` calls of `method` through, then fails the next one as unreachable storage does. */
export function failCallAfter(table: TableClient, method: Method, skip: number): void {
  if (skip === 0) return failNextCall(table, method);
  interceptNext(table, method, (call) => {
    failCallAfter(table, method, skip - 1);
    return call();
  });
}

/** Holds the next call of `method` until released: a slow first attempt, for races with a retry. */
export function holdNextCall(table: TableClient, method: Method): { reached: Promise<void>; release(): void } {
  let reach = () => {};
  let release = () => {};
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  interceptNext(table, method, async (call) => {
    reach();
    await released;
    return call();
  });
  return { reached, release };
}

/**
 * Makes every transaction on `table` whose entities hold `text` fail as Azurite fails a batch body
 * it cannot parse (500 "Transaction Failed"), without sending it: Azurite stops answering after one.
 */
export function refuseTransactionsContaining(table: TableClient, text: string): void {
  const original = table.submitTransaction.bind(table);
  Object.defineProperty(table, 'submitTransaction', {
    configurable: true,
    writable: true,
    value: (actions: Parameters<TableClient['submitTransaction']>[0], ...rest: unknown[]) => {
      if (JSON.stringify(actions).includes(text))
        return Promise.reject(new RestError('Transaction Failed', { statusCode: 500 }));
      return (original as (...args: unknown[]) => Promise<unknown>)(actions, ...rest);
    },
  });
}
