// A tokenops web instance as production runs it has served Slack: one signed command first.
import { SlackDriver, type SlackEmulator } from '@tokenops/slack-emulator';
import { SIGNING } from './env.js';
import { BENCH_ADMIN } from './seed.js';

export async function servedSlack(appUrl: string, fake: SlackEmulator): Promise<void> {
  if (!fake.users.has(BENCH_ADMIN)) fake.addUser({ id: BENCH_ADMIN });
  const answer = await new SlackDriver(appUrl, SIGNING, fake).command(BENCH_ADMIN, 'help');
  if (answer.status !== 200) throw new Error(`bench: /token help answered ${answer.status}`);
}
