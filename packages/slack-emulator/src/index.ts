// The emulator's entry: Slack's Web API and surfaces (slackEmulator.ts), the driver that sends the
// app what Slack sends (slackDriver.ts), what the manifest grants (manifest.ts) and Block Kit's
// limits (blockKit.ts). Consumed as TypeScript (vitest, tsx); mrkdwn has its own entry
// (`@tokenops/slack-emulator/mrkdwn`), since the playground's page runs it in the browser.
export {
  SlackEmulator,
  GENERAL_CHANNEL,
  TEAM_ID,
  BOT_USER_ID,
  type EmulatedUser,
  type Failure,
  type SlackCall,
  type StoredMessage,
  type StoredView,
  type EphemeralMessage,
} from './slackEmulator.js';
export { SlackDriver, sign, type AppResponse } from './slackDriver.js';
export { readGrants, type Grants, type FunctionDefinition } from './manifest.js';
export type { FunctionExecution } from './functions.js';
export { checkBlocks, checkMessage, checkSuggestions, checkView } from './blockKit.js';
export type { RateRule } from './rateTiers.js';
