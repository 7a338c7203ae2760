// The configuration of a command-line tool, which needs only part of it (the database URL, the
// token prefix): Slack credentials are not demanded. A bad setting ends the process with the
// usual list of problems.
import { ConfigError, loadConfig, type Config } from '../config/env.js';

export function toolConfig(): Config {
  try {
    return loadConfig({ SLACK_BOT_TOKEN: 'xoxb-unused', SLACK_SIGNING_SECRET: 'unused', ...process.env });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}
