import type { TurnContext } from 'botbuilder';

/** A typed command: the words that trigger it in each language, and what it does. */
export interface Command {
  words: string[];
  run(context: TurnContext): Promise<void>;
}

/** Lower-cases, trims and drops punctuation and @mentions so `Hjælp!` and `hjælp` match. */
export function normalizeCommand(text: string | undefined): string {
  return (text ?? '')
    .replace(/<at>.*?<\/at>/gi, ' ')
    .toLocaleLowerCase('da-DK')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Finds the command whose words match the message exactly, if any. */
export function findCommand(commands: readonly Command[], text: string | undefined): Command | undefined {
  const said = normalizeCommand(text);
  return commands.find((command) => command.words.some((word) => normalizeCommand(word) === said));
}
