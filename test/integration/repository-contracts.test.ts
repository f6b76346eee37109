import { randomBytes } from 'node:crypto';
import { TableScreeningRepository } from '../../src/storage/screening-repository';
import { TableSystemRepository } from '../../src/storage/system-repository';
import { createTables, type TableName } from '../../src/storage/tables';
import { screeningRepositoryContract } from '../support/contracts/screening-repository';
import { systemRepositoryContract } from '../support/contracts/system-repository';
import { MemoryScreeningRepository } from '../support/memory/screening-repository';
import { MemorySystemRepository } from '../support/memory/system-repository';

/** Fresh, empty tables of the given names (a new prefix) on the run's Azurite. */
async function freshTables<N extends TableName>(...names: N[]) {
  const tables = createTables(
    { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
    `c${randomBytes(4).toString('hex')}`,
  );
  await Promise.all(names.map((name) => tables.client(name).createTable()));
  return (name: N) => tables.client(name);
}

describe('SystemRepository contract', () => {
  describe('Table Storage (Azurite)', () => {
    systemRepositoryContract(async () => {
      const table = await freshTables('Systems', 'SystemIndex');
      return new TableSystemRepository(table('Systems'), table('SystemIndex'));
    });
  });
  describe('in memory', () => {
    systemRepositoryContract(async () => new MemorySystemRepository());
  });
});

describe('ScreeningRepository contract', () => {
  describe('Table Storage (Azurite)', () => {
    screeningRepositoryContract(async () => {
      const table = await freshTables('Screenings', 'ScreeningIndex');
      return new TableScreeningRepository(table('Screenings'), table('ScreeningIndex'));
    });
  });
  describe('in memory', () => {
    screeningRepositoryContract(async () => new MemoryScreeningRepository());
  });
});
