/** The links a card offers (its `Action.OpenUrl` urls), in order. */
export const linksOn = (card: unknown): string[] =>
  JSON.stringify(card)
    .match(/"url":"([^"]+)"/g)
    ?.map((match) => match.slice(7, -1)) ?? [];

/** An import card's dry-run counts as it shows them: created, changed, unchanged, refused. */
export const countsOn = (card: unknown): string[] =>
  (JSON.parse(JSON.stringify(card).match(/"facts":(\[[^\]]*\])/)?.[1] ?? '[]') as { value: string }[]).map(
    (fact) => fact.value,
  );
