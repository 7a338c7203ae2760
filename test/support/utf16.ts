// Text as a forger can send it in JSON: any UTF-16 code units, halves of surrogate pairs often
// (fast-check's own strings are always well formed).
import fc from 'fast-check';

export const utf16 = (maxLength = 80) =>
  fc
    .array(
      fc.oneof(
        fc.integer({ min: 0xd800, max: 0xdfff }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.constantFrom(0x61, 0x20, 0x1f600),
      ),
      { maxLength },
    )
    .map((units) => units.map((unit) => String.fromCodePoint(unit)).join(''));

/** Whether `text` survives UTF-8, and so PostgreSQL and its JSON: only well-formed text does. */
export const survivesUtf8 = (text: string) => Buffer.from(text, 'utf8').toString('utf8') === text;
