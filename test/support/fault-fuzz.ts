import fc from 'fast-check';
import { verbs } from '../../src/features/verbs';
import { fromJsonColumns } from '../../src/storage/json-columns';
import type { Tables } from '../../src/storage/tables';
import type { TestUser } from './harness';
import { TeamsClient } from './harness';
import { entitiesIn } from './fault-records';

/** Text a hostile or careless user might type: control characters, markup, huge, odd Unicode. */
export const hostileText = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.constantFrom(
      '[klik](https://evil.example) **x** <script>alert(1)</script>',
      '<at>Sikkerhed</at> anmeld hændelse',
      '${$root.secret} {{x}} %s %n',
      "'; DROP TABLE Incidents; --",
      '=HYPERLINK("https://evil.example","klik")',
      '\u0000\u0001\u001b[31m\u007f\u202e',
      'HÆN-2026-0001',
      '   ',
    ),
    fc.string({ unit: 'grapheme', minLength: 5000, maxLength: 20000 }),
    fc.constant('x'.repeat(200_000)),
  );

/** Any JSON-ish value, including deep nesting and wrong types where strings are expected. */
const hostileValue = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 4, arbitrary: hostileText() },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.constantFrom(null, true, -1, 1e308, Number.MAX_SAFE_INTEGER, [], {}) },
    {
      weight: 1,
      arbitrary: fc.integer({ min: 50, max: 400 }).map((depth) => {
        let nested: unknown = 'bund';
        for (let level = 0; level < depth; level++) nested = { a: [nested] };
        return nested;
      }),
    },
  );

const knownVerbs = Object.values(verbs) as string[];
const reportFields = [
  'draftId',
  'title',
  'description',
  'kind',
  'systemName',
  'discoveredDate',
  'discoveredTime',
  'occurredDate',
  'occurredTime',
  'personalData',
  'personalDataKinds',
  'affectedPeople',
  'affectedRecords',
  'actionsTaken',
  'contact',
  'number',
  'version',
  'measureId',
  'measureText',
  'measureOwner',
  'measureDue',
  'state',
  'severity',
  'decision',
  'justification',
  'purpose',
  'create',
  'from',
  'to',
  'reporterId',
  'roles',
];

/** Card data: the fields handlers read, each with a hostile value, plus junk keys. */
const hostileData = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.dictionary(fc.constantFrom(...reportFields), hostileValue(), { maxKeys: 12 }) },
    { weight: 1, arbitrary: hostileValue() },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), hostileValue(), { maxKeys: 6 }) },
  );

/** One case: a chat message or a card action (known or unknown verb), sometimes with odd envelope fields. */
export interface FuzzCase {
  kind: 'message' | 'invoke';
  text?: unknown;
  verb?: unknown;
  data?: unknown;
  conversationType?: string;
  envelope: Record<string, unknown>;
}

export const fuzzCase = (): fc.Arbitrary<FuzzCase> =>
  fc.record({
    kind: fc.constantFrom('message' as const, 'invoke' as const),
    text: hostileValue(),
    verb: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...knownVerbs) }, { weight: 1, arbitrary: hostileValue() }),
    data: hostileData(),
    conversationType: fc.constantFrom('personal', 'personal', 'channel', 'groupChat'),
    envelope: fc.dictionary(
      fc.constantFrom('locale', 'name', 'replyToId', 'textFormat', 'entities', 'attachments'),
      hostileValue(),
      { maxKeys: 2 },
    ),
  });

/** What one case did, for the property's checks. */
export interface FuzzOutcome {
  status: number;
  body: string;
}

/** Sends one case to the bot as a Teams user would. */
export async function sendCase(teams: TeamsClient, user: TestUser, sample: FuzzCase): Promise<FuzzOutcome> {
  const conversationId =
    sample.conversationType === 'personal' ? TeamsClient.personalChat(user) : '19:fuzz@thread.tacv2';
  const base = teams.base(user, conversationId, sample.conversationType);
  const { name, ...envelope } = sample.envelope;
  const activity =
    sample.kind === 'message'
      ? { ...base, ...envelope, type: 'message', text: sample.text }
      : {
          ...base,
          ...envelope,
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb: sample.verb, data: sample.data }, trigger: 'manual' },
        };
  if (name !== undefined) (activity.from as Record<string, unknown>).name = name;
  const response = await teams.post(activity);
  return { status: response.status, body: await response.text() };
}

/**
 * The checks every case must pass: no 5xx, an invoke answered with a card or a message (or a
 * refusal status), never an unhandled error in the log.
 */
export function problemsWith(sample: FuzzCase, outcome: FuzzOutcome, newLogLines: string[]): string[] {
  const problems: string[] = [];
  if (outcome.status >= 500) problems.push(`HTTP ${outcome.status}: ${outcome.body.slice(0, 200)}`);
  if (sample.kind === 'invoke' && outcome.status === 200) {
    let type: unknown;
    try {
      type = (JSON.parse(outcome.body) as { type?: unknown }).type;
    } catch {
      problems.push(`invoke answer is not JSON: ${outcome.body.slice(0, 200)}`);
    }
    if (
      type !== undefined &&
      type !== 'application/vnd.microsoft.card.adaptive' &&
      type !== 'application/vnd.microsoft.activity.message'
    )
      problems.push(`invoke answered with ${String(type)}`);
  }
  for (const line of newLogLines) {
    if (/"level":(50|60)/.test(line)) problems.push(`error logged: ${line.slice(0, 300)}`);
  }
  return problems;
}

/**
 * No partial record: every stored incident has its first history row and its submission row
 * (written in one transaction), parses, and keeps its fields within their limits.
 */
export async function partialRecords(tables: Pick<Tables, 'client'>): Promise<string[]> {
  const rows = await entitiesIn(tables.client('Incidents'));
  const keys = new Set(rows.map((row) => `${row.partitionKey}/${row.rowKey}`));
  const problems: string[] = [];
  const submissions = rows.filter((row) => String(row.rowKey).startsWith('s'));
  for (const row of rows.filter((r) => /^i\d{7}$/.test(String(r.rowKey)))) {
    const seq = String(row.rowKey).slice(1);
    if (!keys.has(`${row.partitionKey}/h${seq}-000001`)) problems.push(`${row.rowKey}: no first history row`);
    if (!submissions.some((s) => s.partitionKey === row.partitionKey && Number(s.seq) === Number(seq)))
      problems.push(`${row.rowKey}: no submission row`);
    try {
      const incident = fromJsonColumns<{ title?: unknown; description?: unknown }>(row);
      if (typeof incident.title !== 'string' || incident.title.length === 0 || incident.title.length > 120)
        problems.push(`${row.rowKey}: bad title`);
      if (typeof incident.description !== 'string' || incident.description.length > 4000)
        problems.push(`${row.rowKey}: bad description`);
    } catch {
      problems.push(`${row.rowKey}: unreadable`);
    }
  }
  return problems;
}

/** A failed run in a few lines (counterexamples can be 200 KB of text); '' when it passed. */
export function describeFailure<T>(result: fc.RunDetails<T>): string {
  if (!result.failed) return '';
  const example = JSON.stringify(result.counterexample, (_key, value: unknown) =>
    typeof value === 'string' && value.length > 80 ? `${value.slice(0, 40)}…(${value.length} chars)` : value,
  );
  const cause = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
  return `seed ${result.seed}, path ${result.counterexamplePath}\n${example?.slice(0, 1500)}\n${cause.slice(0, 1500)}`;
}
