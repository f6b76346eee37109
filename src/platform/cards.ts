import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../project-root';
import { compileTemplate } from './card-template';
import { displayText } from '../text';

/** An expanded Adaptive Card, ready to send. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard' };

const templates = new Map<string, (root: object) => unknown>();

function template(name: string): (root: object) => unknown {
  let found = templates.get(name);
  if (!found) {
    const file = path.join(projectRoot, 'cards', `${name}.json`);
    found = compileTemplate(JSON.parse(readFileSync(file, 'utf8')));
    templates.set(name, found);
  }
  return found;
}

/**
 * Expands the template `cards/<name>.json` with data.
 *
 * @remarks Values are bound into the parsed JSON tree and never evaluated, so user text can never
 * break the card's structure; every string is shown without bidi overrides or invisible characters; templates show user text in `TextRun`s, which render no markdown.
 * Templates are compiled once (`card-template.ts`, checked against the Adaptive Card Templating
 * package in a test).
 */
export function expandCard(name: string, data: object): AdaptiveCard {
  const { $schema: _editorsOnly, ...card } = template(name)(displayed(data) as object) as AdaptiveCard;
  return withoutDefaults(card) as AdaptiveCard;
}

/**
 * Properties set to the value Adaptive Cards assume anyway (schema 1.5 defaults), which a template
 * writes when its data says "not done", "default colour" and the like.
 */
const defaults: Readonly<Record<string, unknown>> = {
  strikethrough: false,
  italic: false,
  isSubtle: false,
  separator: false,
  color: 'Default',
};

/**
 * The card without properties that state a default, so a busy card spends its size budget on what
 * people read: Teams renders it exactly the same. Action data (`data`) is left exactly as bound.
 */
function withoutDefaults(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDefaults);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key in defaults && defaults[key] === value) continue;
    out[key] = key === 'data' ? value : withoutDefaults(value);
  }
  return out;
}

/** The card's data with every string as it may be displayed ({@link displayText}): no bidi overrides, nothing invisible. */
function displayed(value: unknown): unknown {
  if (typeof value === 'string') return displayText(value);
  if (Array.isArray(value)) return value.map(displayed);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = displayed(item);
    return out;
  }
  return value;
}

/**
 * What one card may weigh (its JSON in UTF-8). Teams refuses a bot message over its size limit
 * (413 `MessageSizeTooBig`; documented as 28 KB, later 40 KB and 100 KB counted in UTF-16), and a
 * refused card is a card the user never sees. Cards that show user text render again with less of
 * it until they fit (`fitCard`).
 */
export const CARD_BUDGET_BYTES = 27 * 1024;

/** A card's size as counted against the budget: its JSON in UTF-8. */
export const cardBytes = (card: AdaptiveCard): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

/**
 * Teams' own limit, which no card may pass even where the budget cannot be kept (every typed text
 * at its maximum on a form shown again): 100 KB counted in UTF-16, of which Microsoft recommends
 * using at most 80 KB.
 */
export const TEAMS_RECOMMENDED_BYTES = 80 * 1024;

/** A card's size as Teams counts it: its JSON in UTF-16 (two bytes per code unit). */
export const teamsBytes = (card: AdaptiveCard): number => JSON.stringify(card).length * 2;

/**
 * The first rendering that fits the card budget, trying fuller ones first; the last (the leanest)
 * when none does. Each step shows less of what users typed, never less of what they can do.
 */
export function fitCard<Step>(steps: readonly Step[], render: (step: Step) => AdaptiveCard): AdaptiveCard {
  let card: AdaptiveCard | undefined;
  for (const step of steps) {
    card = render(step);
    if (cardBytes(card) <= CARD_BUDGET_BYTES) return card;
  }
  if (!card) throw new Error('fitCard needs at least one step');
  return card;
}

/** Cards shorten what they show with it (from `text.ts`, where storage-side code finds it too). */
export { shorten } from '../text';
