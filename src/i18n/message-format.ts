import { IntlMessageFormat } from 'intl-messageformat';

const compiled = new Map<string, IntlMessageFormat>();

/**
 * Compiles a catalog string as an ICU message (cached per language and key).
 *
 * @remarks `ignoreTag`: a `<` in a catalog string is text, not rich-text markup. Throws on a
 * string that is not valid ICU; a test compiles every string of both catalogs.
 */
export function compileMessage(locale: string, key: string, message: string): IntlMessageFormat {
  const id = `${locale}\u0000${key}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(message, locale, undefined, { ignoreTag: true });
    compiled.set(id, format);
  }
  return format;
}

/**
 * Renders a catalog string with its values: a plain `{name}` takes the value as written (a number
 * is not grouped, so a year stays 2026); `#` in a plural is the number in the language's format.
 *
 * @remarks A plain `{name}` without a value stays `{name}` in the text, as before ICU, so a gap
 * shows up rather than failing the turn; a plural without its number shows the message as written.
 */
export function formatMessage(
  locale: string,
  key: string,
  message: string,
  params: Record<string, string | number>,
): string {
  const values: Record<string, string | number> = {};
  for (const name of argumentNames(message)) values[name] = name in params ? params[name]! : `{${name}}`;
  try {
    const text = compileMessage(locale, key, message).format(values);
    return typeof text === 'string' ? text : String(text);
  } catch {
    return message;
  }
}

const names = new Map<string, string[]>();

/** The names of a message's arguments, e.g. `hours` and `minutes` (cached per message). */
export function argumentNames(message: string): string[] {
  let found = names.get(message);
  if (!found) {
    found = collect(new IntlMessageFormat(message, 'en', undefined, { ignoreTag: true }).getAst());
    names.set(message, found);
  }
  return found;
}

type Element = ReturnType<IntlMessageFormat['getAst']>[number];

/** `TYPE.literal` of the ICU parser: the one element with a string value that names no argument. */
const LITERAL = 0;

function collect(elements: Element[], into = new Set<string>()): string[] {
  for (const element of elements) {
    if ('value' in element && typeof element.value === 'string' && element.type !== LITERAL) {
      into.add(element.value);
    }
    if ('options' in element) {
      for (const option of Object.values(element.options)) collect(option.value as Element[], into);
    }
  }
  return [...into];
}
