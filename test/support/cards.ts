/** Every piece of text a person would read on a card: text blocks, text runs, facts, labels, choices, button titles. */
export function cardTexts(card: unknown): string[] {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'label', 'value', 'placeholder', 'errorMessage']) {
      if (typeof record[key] === 'string' && !(key === 'value' && record.type === 'Input.Text'))
        texts.push(record[key] as string);
    }
    for (const [key, value] of Object.entries(record)) if (key !== 'data' && key !== 'refresh') walk(value);
  };
  walk(card);
  return texts;
}

/** An `Action.Execute` button; `withoutInputs` when it sends its data alone (`associatedInputs: none`). */
export interface CardAction {
  verb: string;
  title: string;
  data: Record<string, unknown>;
  withoutInputs?: boolean;
}

/** The `Action.Execute` buttons on a card (anywhere in it), with their verbs, titles and data. */
export function cardActions(card: unknown): CardAction[] {
  const found: CardAction[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.Execute' && typeof record.verb === 'string') {
      found.push({
        verb: record.verb,
        title: String(record.title ?? ''),
        data: (record.data as Record<string, unknown>) ?? {},
        ...(record.associatedInputs === 'none' ? { withoutInputs: true } : {}),
      });
    }
    for (const [key, value] of Object.entries(record)) if (key !== 'refresh') walk(value);
  };
  walk(card);
  return found;
}

/** The input with this id anywhere on a card. */
export function inputOn(card: unknown, id: string): Record<string, unknown> | undefined {
  if (Array.isArray(card)) return card.map((item) => inputOn(item, id)).find(Boolean);
  if (!card || typeof card !== 'object') return undefined;
  const node = card as Record<string, unknown>;
  if (node.id === id) return node;
  return Object.values(node)
    .map((value) => inputOn(value, id))
    .find(Boolean);
}

/** The Adaptive Card in an activity's first attachment. */
export const cardOf = (activity: Record<string, any> | undefined): Record<string, any> => {
  const attachment = activity?.attachments?.[0];
  if (attachment?.contentType !== 'application/vnd.microsoft.card.adaptive')
    throw new Error('activity carries no Adaptive Card');
  return attachment.content;
};

/** The card a `Action.Execute` answered with; fails the test unless Teams got a card with status 200. */
export const cardIn = (answer: { status: number; body?: Record<string, any> }): Record<string, any> => {
  expect(answer.status).toBe(200);
  expect(answer.body?.type).toBe('application/vnd.microsoft.card.adaptive');
  return answer.body?.value;
};

/** The data of the card's button for `verb` (as Teams would send it back); fails plainly if there is none. */
export const dataOf = (card: Record<string, any>, verb: string): Record<string, any> => {
  const action = cardActions(card).find((item) => item.verb === verb);
  if (!action) throw new Error(`no ${verb} button on the card`);
  return action.data;
};
