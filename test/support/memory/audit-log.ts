import type { Clock } from '../../../src/clock';
import type { AuditChain, AuditLog, Recorded } from '../../../src/features/audit/audit-log';
import {
  nextRecord,
  verifyChain,
  type AuditEvent,
  type AuditRecord,
  type ChainBreak,
  type KeyedEvent,
} from '../../../src/features/audit/chain';

/**
 * The audit log in memory, held to the contract of `TableAuditLog`
 * (`test/support/contracts/audit-log.ts`): records chained by hash in append order, one record per
 * event key, copies on every read. Appends run one after another (JavaScript's one thread), so
 * concurrent appends interleave as the Table store's group commit orders them.
 */
export class MemoryAuditLog implements AuditLog {
  private readonly chains = new Map<string, string[]>();
  private readonly keys = new Map<string, number>();

  constructor(private readonly clock: Clock = { now: () => new Date() }) {}

  async append(chain: AuditChain, event: AuditEvent): Promise<AuditRecord> {
    if (event.key !== undefined) return (await this.appendOnce(chain, event as KeyedEvent)).record;
    return this.write(chain, event);
  }

  async appendOnce(chain: AuditChain, event: KeyedEvent): Promise<Recorded> {
    const found = this.recorded(chain, event.key);
    if (found) return { record: found, appended: false };
    const record = this.write(chain, event);
    this.keys.set(`${chain}\n${event.key}`, record.seq);
    return { record, appended: true };
  }

  ensure(chain: AuditChain, event: KeyedEvent): Promise<Recorded> {
    return this.appendOnce(chain, event);
  }

  async read(chain: string): Promise<AuditRecord[]> {
    return (this.chains.get(chain) ?? []).map((json) => JSON.parse(json) as AuditRecord);
  }

  async verify(): Promise<{ chains: { chain: string; records: number }[]; breaks: ChainBreak[] }> {
    const names = [...this.chains.keys()].sort((a, b) => a.localeCompare(b));
    const chains = await Promise.all(names.map(async (chain) => ({ chain, records: await this.read(chain) })));
    return {
      chains: chains.map(({ chain, records }) => ({ chain, records: records.length })),
      breaks: chains
        .map(({ chain, records }) => verifyChain(chain, records, records.at(-1) ?? { seq: 0, hash: '' }))
        .filter((found): found is ChainBreak => found !== undefined),
    };
  }

  private write(chain: string, event: AuditEvent): AuditRecord {
    const stored = this.chains.get(chain) ?? [];
    const last = stored.at(-1);
    const record = nextRecord(chain, last ? (JSON.parse(last) as AuditRecord) : undefined, event, this.clock.now());
    stored.push(JSON.stringify(record));
    this.chains.set(chain, stored);
    return JSON.parse(JSON.stringify(record)) as AuditRecord;
  }

  private recorded(chain: string, key: string): AuditRecord | undefined {
    const seq = this.keys.get(`${chain}\n${key}`);
    const json = seq === undefined ? undefined : this.chains.get(chain)?.[seq - 1];
    return json === undefined ? undefined : (JSON.parse(json) as AuditRecord);
  }
}
