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
  it('builds the heat map right when a risk is written while the first count is being made (Azurite)', async () => {
    const tables = createTables(
      { connectionString: process.env.TEST_AZURITE_CONNECTION_STRING as string },
      `c${randomBytes(4).toString('hex')}`,
    );
    await tables.client('Risks').createTable();
    const writer = new TableRiskRepository(tables.client('Risks'));
    const base = { version: 1, scenario: 's', systemIds: [], systemNames: [], area: 'network' as const };
    const person = { ownerId: 'o', ownerName: 'Ejer', createdAt: '2027-01-10T09:00:00.000Z', createdBy: 'x' };
    const riskOf = (title: string) => ({ ...base, ...person, id: randomBytes(6).toString('hex'), title });
    const created = { version: 1, at: person.createdAt, by: 'x', byName: 'x', action: 'created' as const, changes: {} };
    await writer.create(riskOf('Før optællingen'), created);
    // The first count scans the register; another instance creates a risk right after the scan.
    let raced = false;
    class Counting extends TableRiskRepository {
      override async listAll() {
        const items = await super.listAll();
        if (!raced) {
          raced = true;
          await writer.create(riskOf('Under optællingen'), created);
        }
        return items;
      }
    }
    const counts = await new Counting(tables.client('Risks')).heatMap();
    expect(raced).toBe(true);
    expect(counts.unassessed).toBe(2);
    expect((await writer.heatMap()).unassessed).toBe(2);
  });

  describe('in memory', () => {
    riskRepositoryContract(async () => new MemoryRiskRepository());
  });
});
