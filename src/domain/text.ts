// What people type: rules for text that tokenops stores or shows to others. Control characters
// (NUL among them, which PostgreSQL cannot store), bidirectional overrides and zero-width
// characters make look-alike names and hide text, and half of a UTF-16 surrogate pair is no
// character at all (PostgreSQL refuses it in JSON), so a name or description with them is
// refused; free text (a reason, search words) loses them instead, and is cut only between
// characters. Anything shaped like a secret is redacted before it is stored, posted or echoed
// (see secret.ts for the shape).

/** C0 and C1 controls but tab and new line, bidi embeddings/overrides/isolates and marks,
 *  zero-width characters, and lone surrogates (with the `u` flag, a pair is one code point and
 *  does not match the surrogate range). */
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uD800-\uDFFF]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

export function hasUnsafeCharacters(text: string, options: { multiline?: boolean } = {}): boolean {
  return UNSAFE.test(text) || (!options.multiline && /[\t\n]/.test(text));
}

/** Free text with the unsafe characters removed (tabs and new lines become spaces). */
export function withoutUnsafeCharacters(text: string): string {
  return text.replace(UNSAFE_ALL, '').replace(/[\t\n]/g, ' ');
}

/** `text` with each lone surrogate replaced by U+FFFD (what a UTF-8 encoder does anyway). */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDFFF]/gu, '\uFFFD');
}

/** At most `max` UTF-16 units of `text`, never ending in the first half of a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** The form a name is compared and stored in: NFKC (full-width "Ａｐｉ" is "Api"), one space between words. */
export function normalizeName(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ');
}

const shapes = new Map<string, RegExp>();
/** Our prefix (or a management key's, the prefix and `mk`) followed by 20 or more base62
 *  characters: a secret, or most of one (mistyped, truncated). Its checksum is not asked for: a
 *  secret with one character changed is still one. */
function secretShapes(prefix: string): RegExp {
  let shape = shapes.get(prefix);
  if (!shape) {
    shape = new RegExp(`${prefix.replace(/[^a-z0-9]/g, '')}(?:mk)?_[0-9A-Za-z]{20,}`, 'g');
    shapes.set(prefix, shape);
  }
  shape.lastIndex = 0;
  return shape;
}

/** An organization slug: 2-40 of a-z, 0-9 and hyphens, not starting or ending with one. */
export const ORGANIZATION_SLUG = /^[a-z0-9][a-z0-9-]{0,38}[a-z0-9]$/;

/** What a secret-shaped part of a text becomes (redactSecrets). */
export const REDACTED = '[secret removed]';

/** `text` with every secret-shaped part replaced by REDACTED. */
export function redactSecrets(text: string, prefix: string): string {
  return text.replace(secretShapes(prefix), REDACTED);
}

/** The secret-shaped parts of `text`. */
export function findSecretShapes(text: string, prefix: string): string[] {
  return text.match(secretShapes(prefix)) ?? [];
}
