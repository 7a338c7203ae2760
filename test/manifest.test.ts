import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const manifest = parse(readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8'));

describe('manifest.yml', () => {
  it('declares /token, the scopes tokenops calls need, and escaped mentions', () => {
    const [command] = manifest.features.slash_commands;
    expect(command).toMatchObject({ command: '/token', should_escape: true });
    expect(command.usage_hint.length).toBeLessThanOrEqual(1000);
    expect(command.description.length).toBeLessThanOrEqual(100);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'im:write', 'users:read', 'usergroups:read']),
    );
  });

  it('enables the Home tab, the Messages tab (secret DMs), interactivity and Socket Mode', () => {
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.settings).toMatchObject({ interactivity: { is_enabled: true }, socket_mode_enabled: true });
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
  });
});
