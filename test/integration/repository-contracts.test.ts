import { randomBytes } from 'node:crypto';
import { systemClock } from '../../src/clock';
import { TableAuditLog } from '../../src/storage/audit-repository';
import { TableConversationRepository } from '../../src/storage/conversation-repository';
import { TableExportRepository } from '../../src/storage/export-repository';
import { TableIncidentRepository } from '../../src/storage/incident-repository';
import { TableJobRepository } from '../../src/storage/job-repository';
import { TableRetentionStore } from '../../src/storage/retention-store';
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
import { auditLogContract } from '../support/contracts/audit-log';
import { conversationRepositoryContract } from '../support/contracts/conversation-repository';
import { exportRepositoryContract } from '../support/contracts/export-repository';
import { incidentRepositoryContract } from '../support/contracts/incident-repository';
import { jobRepositoryContract } from '../support/contracts/job-repository';
import { retentionStoreContract } from '../support/contracts/retention-store';
import { roleRepositoryContract } from '../support/contracts/role-repository';
import { screeningRepositoryContract } from '../support/contracts/screening-repository';
import {
  approvalRepositoryContract,
  reviewRepositoryContract,
  violationRepositoryContract,
} from '../support/contracts/small-repositories';
import { systemRepositoryContract } from '../support/contracts/system-repository';
import { MemoryAuditLog } from '../support/memory/audit-log';
import { MemoryConversationRepository } from '../support/memory/conversation-repository';
import { MemoryExportRepository } from '../support/memory/export-repository';
import { MemoryIncidentRepository } from '../support/memory/incident-repository';
import { MemoryJobRepository } from '../support/memory/job-repository';
import { MemoryRetentionStore } from '../support/memory/retention-store';
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

describe('IncidentRepository contract', () => {
  describe('Table Storage (Azurite)', () => {
    incidentRepositoryContract(
      async () => {
        const table = await freshTables('Incidents', 'IncidentIndex');
        return new TableIncidentRepository(table('Incidents'), table('IncidentIndex'));
      },
      (repo) => (repo as TableIncidentRepository).settled(),
    );
  });
  describe('in memory', () => {
    incidentRepositoryContract(async () => new MemoryIncidentRepository());
  });
});

describe('ConversationRepository contract', () => {
  describe('Table Storage (Azurite)', () => {
    conversationRepositoryContract(async () => {
      const table = await freshTables('Conversations', 'Channels');
      return new TableConversationRepository(table('Conversations'), table('Channels'));
    });
  });
  describe('in memory', () => {
    conversationRepositoryContract(async () => new MemoryConversationRepository());
  });
});

describe('JobRepository contract', () => {
  describe('Table Storage (Azurite)', () => {
    jobRepositoryContract(async () => new TableJobRepository((await freshTables('Jobs'))('Jobs')));
  });
  describe('in memory', () => {
    jobRepositoryContract(async () => new MemoryJobRepository());
  });
});

describe('ExportRepository contract', () => {
  describe('Table Storage (Azurite)', () => {
    exportRepositoryContract(async () => new TableExportRepository((await freshTables('Exports'))('Exports')));
  });
  describe('in memory', () => {
    exportRepositoryContract(async () => new MemoryExportRepository());
  });
});

describe('AuditLog contract', () => {
  describe('Table Storage (Azurite)', () => {
    auditLogContract(async () => new TableAuditLog((await freshTables('Audit'))('Audit'), systemClock));
  });
  describe('in memory', () => {
    auditLogContract(async () => new MemoryAuditLog());
  });
});

describe('RetentionStore contract', () => {
  describe('Table Storage (Azurite)', () => {
    retentionStoreContract(async () => {
      const table = await freshTables(
        'Incidents',
        'IncidentIndex',
        'Screenings',
        'ScreeningIndex',
        'Violations',
        'Jobs',
      );
      const incidents = new TableIncidentRepository(table('Incidents'), table('IncidentIndex'));
      const screenings = new TableScreeningRepository(table('Screenings'), table('ScreeningIndex'));
      const violations = new TableViolationRepository(table('Violations'));
      const store = new TableRetentionStore(
        table('Incidents'),
        incidents,
        table('Screenings'),
        screenings,
        table('Jobs'),
        violations,
      );
      return { store, incidents, screenings, violations };
    });
  });
  describe('in memory', () => {
    retentionStoreContract(async () => {
      const incidents = new MemoryIncidentRepository();
      const screenings = new MemoryScreeningRepository();
      const violations = new MemoryViolationRepository();
      return { store: new MemoryRetentionStore(incidents, screenings, violations), incidents, screenings, violations };
    });
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
