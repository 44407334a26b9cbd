/**
 * A string with more than white space in it. World files, admin bodies, requests and JavaScript
 * callers may pass anything: a number, null or '  ' is not a name, an id or a ticket.
 */
export function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
