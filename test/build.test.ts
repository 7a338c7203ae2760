// The production build (`npm run build`, run by the test setup as by `npm install`): the product
// alone. The playground and the Slack emulator live beside it (playground/, packages/) and are
// loaded only by `npm start` without Slack credentials outside production (bin/start.mjs).
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('npm run build', () => {
  it('holds no playground or Slack emulator code, nor what only they use', async () => {
    const files = (await readdir('dist', { recursive: true })).filter((file) => file.endsWith('.js'));
    expect(files).toEqual(expect.arrayContaining(['main.js', 'tokenops.js', join('slack', 'app.js')]));
    expect(files.filter((file) => /playground|emulator/i.test(file))).toEqual([]);
    for (const file of files) {
      const code = await readFile(join('dist', file), 'utf8');
      expect(code, file).not.toMatch(
        /@tokenops\/slack-emulator|SlackEmulator|SlackDriver|emoji-datasource|from ["'](preact|htm)|playground\/|"\/playground/,
      );
    }
  });
});
