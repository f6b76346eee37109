import { randomBytes } from 'node:crypto';
import { TableApprovalRepository } from '../../src/storage/approval-repository';
import { TableAwarenessRepository } from '../../src/storage/awareness-repository';
import { awarenessRepositoryContract } from '../support/contracts/awareness-repository';
import { MemoryAwarenessRepository } from '../support/memory/awareness-repository';
import { TableReviewRepository } from '../../src/storage/review-repository';
import { TableRoleRepository } from '../../src/storage/role-repository';
import { TableScreeningRepository } from '../../src/storage/screening-repository';
import { TableSystemRepository } from '../../src/storage/system-repository';
import { createTables, type TableName } from '../../src/storage/tables';
import { TableViolationRepository } from '../../src/storage/violation-repository';
import { roleRepositoryContract } from '../support/contracts/role-repository';
import { screeningRepositoryContract } from '../support/contracts/screening-repository';
import {
  approvalRepositoryContract,
  reviewRepositoryContract,
  violationRepositoryContract,
} from '../support/contracts/small-repositories';
import { systemRepositoryContract } from '../support/contracts/system-repository';
import { MemoryRoleRepository } from '../support/memory/role-repository';
import { MemoryScreeningRepository } from '../support/memory/screening-repository';
import {
  MemoryApprovalRepository,
  MemoryReviewRepository,
  MemoryViolationRepository,
} from '../support/memory/small-repositories';
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

describe('ReviewRepository contract', () => {
  describe('Table Storage (Azurite)', () => {
    reviewRepositoryContract(async () => new TableReviewRepository((await freshTables('Reviews'))('Reviews')));
  });
  describe('in memory', () => {
    reviewRepositoryContract(async () => new MemoryReviewRepository());
  });
});

describe('ApprovalRepository contract', () => {
  describe('Table Storage (Azurite)', () => {
    approvalRepositoryContract(async () => new TableApprovalRepository((await freshTables('Reviews'))('Reviews')));
  });
  describe('in memory', () => {
    approvalRepositoryContract(async () => new MemoryApprovalRepository());
  });
});

describe('ViolationRepository contract', () => {
  describe('Table Storage (Azurite)', () => {
    violationRepositoryContract(
      async () => new TableViolationRepository((await freshTables('Violations'))('Violations')),
    );
  });
  describe('in memory', () => {
    violationRepositoryContract(async () => new MemoryViolationRepository());
  });
});

describe('RoleRepository contract', () => {
  describe('Table Storage (Azurite)', () => {
    roleRepositoryContract(async () => new TableRoleRepository((await freshTables('Roles'))('Roles')));
  });
  describe('in memory', () => {
    roleRepositoryContract(async () => new MemoryRoleRepository());
  });
});

describe('AwarenessRepository contract (P12)', () => {
  describe('Table Storage (Azurite)', () => {
    awarenessRepositoryContract(
      async () => new TableAwarenessRepository((await freshTables('Awareness'))('Awareness')),
    );
  });
  describe('in memory', () => {
    awarenessRepositoryContract(async () => new MemoryAwarenessRepository());
  });
});
