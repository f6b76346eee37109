import { randomUUID } from 'node:crypto';
import type { AttachTargets } from '../../../src/features/evidence/targets';

const now = new Date('2026-12-07T10:00:00.000Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString();

/** What every {@link AttachTargets} must do: one choice per person, the latest, until it expires. */
export function attachTargetsContract(fresh: () => Promise<AttachTargets>): void {
  let targets: AttachTargets;
  beforeEach(async () => {
    targets = await fresh();
  });

  it('answers the latest choice until it expires, and nothing after', async () => {
    const user = randomUUID();
    expect(await targets.get(user, now)).toBeUndefined();
    await targets.set(user, 'HÆN-2026-0001', later(15));
    await targets.set(user, 'HÆN-2026-0002', later(15));
    expect(await targets.get(user, now)).toBe('HÆN-2026-0002');
    expect(await targets.get(user, new Date(later(16)))).toBeUndefined();
  });

  it("keeps each person's choice apart, and forgets one when cleared", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await targets.set(a, 'HÆN-2026-0001', later(15));
    await targets.set(b, 'HÆN-2026-0003', later(15));
    await targets.clear(a);
    await targets.clear(a);
    expect(await targets.get(a, now)).toBeUndefined();
    expect(await targets.get(b, now)).toBe('HÆN-2026-0003');
  });
}
