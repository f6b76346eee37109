import { IntlMessageFormat } from 'intl-messageformat';

const compiled = new Map<string, IntlMessageFormat>();

/** A message whose only ICU syntax is plain `{name}` arguments (no plural, no quoting). */
const plainOnly = /^[^{}']*(?:\{\w+\}[^{}']*)*$/;

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
 * shows up rather than failing the turn; a plural without its number (or a string that is not valid
 * ICU, which a test rules out) shows the message as written.
 */
export function formatMessage(
  locale: string,
  key: string,
  message: string,
  params: Record<string, string | number>,
): string {
  // Most strings have only plain {name}s and no apostrophe: for them ICU gives exactly this
  // (a test checks it for every string), at a quarter of the cost on a busy card.
  if (plainOnly.test(message))
    return message.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
  try {
    const values: Record<string, string | number> = {};
    for (const [name, type] of messageArguments(message)) {
      if (type === PLURAL && typeof params[name] !== 'number') return message;
      values[name] = name in params ? params[name]! : `{${name}}`;
    }
    const text = compileMessage(locale, key, message).format(values);
    return typeof text === 'string' ? text : String(text);
  } catch {
    return message;
  }
}

const found = new Map<string, Map<string, number>>();

/** The names of a message's arguments, e.g. `hours` and `minutes`. */
export const argumentNames = (message: string): string[] => [...messageArguments(message).keys()];

/** A message's arguments with their element type (cached per message). */
function messageArguments(message: string): Map<string, number> {
  let args = found.get(message);
  if (!args) {
    args = collect(new IntlMessageFormat(message, 'en', undefined, { ignoreTag: true }).getAst());
    found.set(message, args);
  }
  return args;
}

type Element = ReturnType<IntlMessageFormat['getAst']>[number];

/** `TYPE.literal` and `TYPE.plural` of the ICU parser. A literal is the one element with a string value that names no argument. */
const LITERAL = 0;
const PLURAL = 6;

function collect(elements: Element[], into = new Map<string, number>()): Map<string, number> {
  for (const element of elements) {
    if ('value' in element && typeof element.value === 'string' && element.type !== LITERAL) {
      if (into.get(element.value) !== PLURAL) into.set(element.value, element.type);
    }
    if ('options' in element) {
      for (const option of Object.values(element.options)) collect(option.value as Element[], into);
    }
  }
  return into;
}
