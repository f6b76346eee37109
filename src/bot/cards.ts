import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CardFactory, type Attachment } from 'botbuilder';
import { projectRoot } from '../project-root';
import { compileTemplate } from './card-template';

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
 * break the card's structure; templates show user text in `TextRun`s, which render no markdown.
 * Templates are compiled once (`card-template.ts`, checked against the Adaptive Card Templating
 * package in a test).
 */
export function expandCard(name: string, data: object): AdaptiveCard {
  return template(name)(data) as AdaptiveCard;
}

/** Wraps a card as a message attachment. */
export const cardAttachment = (card: AdaptiveCard): Attachment => CardFactory.adaptiveCard(card);
