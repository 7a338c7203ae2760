// Pieces of Japanese messages that several areas share.
/** The full-width space that sets a heading's conditions apart (as in the list's heading). */
export const WIDE_SPACE = '\u3000';

const HALF_WIDTH = /[\x21-\x7e]/;
const KANA_KANJI = /[\u3040-\u30fa\u30fc-\u30ff\u3400-\u9fff]/;
/** Joins text as Japanese is written here: a space between a half-width word and kana or kanji
 *  (「tokenops が」「が API バージョン」), none elsewhere. */
export const joined = (...parts: string[]) =>
  parts.reduce((text, part) => {
    const [end, start] = [text.slice(-1), part.slice(0, 1)];
    const gap = (HALF_WIDTH.test(end) && KANA_KANJI.test(start)) || (KANA_KANJI.test(end) && HALF_WIDTH.test(start));
    return `${text}${gap ? ' ' : ''}${part}`;
  });

/** A Slack error code, after the sentences that say what to do. */
export const slackError = (code: string) => `（Slack のエラー：\`${code}\`）`;
