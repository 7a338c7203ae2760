// Pieces of English messages that several areas share.
/** A Slack error code, after the sentences that say what to do. */
export const slackError = (code: string) => `Slack's error: \`${code}\`.`;
