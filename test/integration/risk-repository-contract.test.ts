import { randomBytes } from 'node:crypto';
import { TableRiskRepository } from '../../src/storage/risk-repository';
import { createTables } from '../../src/storage/tables';
import { riskRepositoryContract } from '../support/contracts/risk-repository';
import { MemoryRiskRepository } from '../support/memory/risk-repository';

describe('RiskRepository contract', () => {
  describe('Table Storage (Azurite)', () => {
    riskRepositoryContract(async () => {
      const tables = createTables(
        { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
        `c${randomBytes(4).toString('hex')}`,
      );
      await tables.client('Risks').createTable();
      return new TableRiskRepository(tables.client('Risks'));
    });
  });
  describe('in memory', () => {
    riskRepositoryContract(async () => new MemoryRiskRepository());
  });
});
