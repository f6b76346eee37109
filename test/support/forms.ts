/** One input of a card as Teams renders it: its id, kind and the value it starts with. */
export interface CardInput {
  id: string;
  type: string;
  value: string;
  multi: boolean;
  choices: string[];
}

/** True when a button with this verb is anywhere in the node. */
const holds = (node: unknown, verb: string): boolean =>
  JSON.stringify(node ?? null).includes(`"verb":${JSON.stringify(verb)}`);

/**
 * Every `Input.*` element on a card (anywhere in it), in order; an id met twice counts once. With a
 * verb, only the inputs Teams sends with that button: a `ShowCard`'s inputs go only with its own buttons.
 */
export function cardInputs(card: unknown, verb?: string): CardInput[] {
  const found = new Map<string, CardInput>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (verb && record.type === 'Action.ShowCard' && !holds(record.card, verb)) return;
    if (typeof record.type === 'string' && record.type.startsWith('Input.') && typeof record.id === 'string') {
      if (!found.has(record.id))
        found.set(record.id, {
          id: record.id,
          type: record.type,
          value: record.value === undefined ? '' : String(record.value),
          multi: record.isMultiSelect === true,
          choices: Array.isArray(record.choices) ? record.choices.map((choice) => String(choice?.value ?? '')) : [],
        });
    }
    for (const [key, value] of Object.entries(record)) if (key !== 'refresh') walk(value);
  };
  walk(card);
  return [...found.values()];
}

/**
 * What a person could have typed or chosen in every input of a card: a choice other than the one
 * shown where there is one, text where a field is empty; `overrides` set the values that matter.
 * With a verb, only the inputs Teams sends with that button.
 */
export function fillEveryInput(
  card: unknown,
  overrides: Record<string, string> = {},
  verb?: string,
): Record<string, string> {
  const filled: Record<string, string> = {};
  for (const input of cardInputs(card, verb)) {
    if (input.id in overrides) filled[input.id] = overrides[input.id] as string;
    else if (input.type === 'Input.ChoiceSet')
      filled[input.id] = input.multi
        ? input.choices.slice(0, 2).join(',')
        : (input.choices.find((choice) => choice !== input.value) ?? input.value);
    else if (input.type === 'Input.Toggle') filled[input.id] = input.value === 'true' ? 'false' : 'true';
    else if (input.type === 'Input.Date') filled[input.id] = input.value || '2026-11-20';
    else if (input.type === 'Input.Time') filled[input.id] = input.value || '10:30';
    else filled[input.id] = input.value || `Skrevet i ${input.id}`;
  }
  return filled;
}

/** A multi-select's value compares as a set. */
const normalize = (input: CardInput | undefined, value: string) =>
  input?.multi ? value.split(',').filter(Boolean).sort().join(',') : value;

/**
 * The inputs whose value on the re-shown card differs from what was sent, or that are missing
 * from it: `{ id: { sent, shown } }`, empty when every value was kept.
 */
export function valuesNotKept(sent: Record<string, string>, reshown: unknown): Record<string, unknown> {
  const shown = new Map(cardInputs(reshown).map((input) => [input.id, input]));
  const lost: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(sent)) {
    const input = shown.get(id);
    const now = input ? normalize(input, input.value) : undefined;
    if (now !== normalize(input, value)) lost[id] = { sent: value, shown: now ?? '(no such input)' };
  }
  return lost;
}
