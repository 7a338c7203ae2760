// A logger for the real Slack Web API client that keeps a test's output to what it asserts.
import { LogLevel, type Logger } from '@slack/web-api';

export const quietLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};
