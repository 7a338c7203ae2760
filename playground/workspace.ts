// The playground's simulated Slack workspace: who can be switched to, and the channels.
import { GENERAL_CHANNEL, type SlackEmulator } from '@tokenops/slack-emulator';

export const APPROVALS_CHANNEL = 'C0PGAPPROVE';

export type PlaygroundUser = {
  id: string;
  name: string;
  title: string;
  locale: string;
  tz: string;
  tzOffset: number;
  isAdmin: boolean;
};

/** The workspace admin is in ADMIN_USER_IDS; the seed makes the next two org admins of acme. */
export const PLAYGROUND_USERS: PlaygroundUser[] = [
  {
    id: 'U0PGADMIN1',
    name: 'alex',
    title: 'Alex — workspace admin',
    locale: 'en-US',
    tz: 'Europe/London',
    tzOffset: 0,
    isAdmin: true,
  },
  {
    id: 'U0PGADMIN2',
    name: 'hana',
    title: 'Hana — admin of acme',
    locale: 'en-US',
    tz: 'America/New_York',
    tzOffset: -18000,
    isAdmin: false,
  },
  {
    id: 'U0PGDEVEL1',
    name: 'dev',
    title: 'Dev — developer, no role',
    locale: 'en-US',
    tz: 'Europe/Berlin',
    tzOffset: 3600,
    isAdmin: false,
  },
  {
    id: 'U0PGJAPAN1',
    name: 'yuki',
    title: 'Yuki — acme の管理者（日本語）',
    locale: 'ja-JP',
    tz: 'Asia/Tokyo',
    tzOffset: 32400,
    isAdmin: false,
  },
];
export const WORKSPACE_ADMIN = PLAYGROUND_USERS[0]!.id;
export const ORG_ADMINS = [PLAYGROUND_USERS[1]!.id, PLAYGROUND_USERS[3]!.id];

/** Puts the users and channels into the emulator: everyone in #general, admins in approvals. */
export function populate(emulator: SlackEmulator) {
  for (const user of PLAYGROUND_USERS) {
    emulator.addUser({
      id: user.id,
      name: user.name,
      locale: user.locale,
      tz: user.tz,
      tzOffset: user.tzOffset,
      isAdmin: user.isAdmin,
      email: `${user.name}@acme.test`,
    });
  }
  emulator.addChannel(GENERAL_CHANNEL, {
    members: PLAYGROUND_USERS.map((u) => u.id),
    botIsMember: true, // added to it at install: its answers show there, as ephemerals need
    name: 'general',
  });
  emulator.addChannel(APPROVALS_CHANNEL, {
    members: [WORKSPACE_ADMIN, ...ORG_ADMINS],
    botIsMember: true,
    name: 'token-approvals',
  });
}
