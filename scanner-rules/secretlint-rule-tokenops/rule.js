// The secretlint rule for tokenops secrets, the same for every TOKEN_PREFIX: index.js (written by
// `npm run scanner-rules`) gives it the pattern of one prefix. `npm run scanner-rules` copies this
// file as it is. A match is reported only when its checksum (CRC32 of everything before the last
// 6 characters, in base62) is right, so mistyped and made-up secrets are left alone.
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC32 of an ASCII string (a secret is ASCII by its pattern). */
function crc32(text) {
  let c = 0xffffffff;
  for (let i = 0; i < text.length; i++) c = TABLE[(c ^ text.charCodeAt(i)) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function checksum(text) {
  let value = crc32(text);
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

export const messages = {
  TOKENOPS_API_TOKEN: {
    en: (props) =>
      `found a tokenops secret: ${props.shown}… Reset its secret or revoke the token in Slack (/token), then remove it from here.`,
    ja: (props) =>
      `tokenops のシークレットが見つかりました：${props.shown}…（Slack の /token でシークレットをリセットするか、トークンを取り消してから、ここから削除してください。）`,
  },
};

/** The rule for secrets matching `pattern` (global), showing the first `shown` characters of each. */
export function ruleFor(pattern, shown) {
  return {
    messages,
    meta: {
      id: 'secretlint-rule-tokenops',
      recommended: true,
      type: 'scanner',
      supportedContentTypes: ['text'],
    },
    create(context) {
      const t = context.createTranslator(messages);
      return {
        file(source) {
          for (const match of source.content.matchAll(pattern)) {
            const secret = match[0];
            if (checksum(secret.slice(0, -6)) !== secret.slice(-6)) continue;
            context.report({
              message: t('TOKENOPS_API_TOKEN', { shown: secret.slice(0, shown) }),
              range: [match.index, match.index + secret.length],
            });
          }
        },
      };
    },
  };
}
