/** Longest ERROR `message` (and body) kept in errors, and longest debug line: a hostile broker cannot flood them. */
export const MAX_TEXT = 1024;

/** Cuts `text` to `max` characters, saying how much was cut. */
export function truncate(text: string, max = MAX_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}
