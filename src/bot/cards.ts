import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { CardFactory, type Attachment } from 'botbuilder';
import { projectRoot } from '../project-root';

/** An expanded Adaptive Card, ready to send. */
export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard' };

const templates = new Map<string, ACData.Template>();

function template(name: string): ACData.Template {
  let found = templates.get(name);
  if (!found) {
    const file = path.join(projectRoot, 'cards', `${name}.json`);
    found = new ACData.Template(JSON.parse(readFileSync(file, 'utf8')));
    templates.set(name, found);
  }
  return found;
}

/**
 * Expands the template `cards/<name>.json` with data.
 *
 * @remarks The templating engine binds values into the parsed JSON tree, so user text can never
 * break the card's structure; templates show user text in `TextRun`s, which render no markdown.
 */
export function expandCard(name: string, data: object): AdaptiveCard {
  return template(name).expand({ $root: data }) as AdaptiveCard;
}

/** Wraps a card as a message attachment. */
export const cardAttachment = (card: AdaptiveCard): Attachment => CardFactory.adaptiveCard(card);
