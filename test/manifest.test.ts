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
    // Least privilege: exactly what the code calls (each call without its scope fails in the
    // emulator's tests as in Slack); Bolt's templates' manifest schema version.
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['chat:write', 'commands', 'im:history', 'im:write', 'users:read']);
    expect(manifest._metadata).toEqual({ major_version: 1, minor_version: 1 });
  });

  it('enables the Home tab, the Messages tab (secret DMs), interactivity and Socket Mode', () => {
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.settings).toMatchObject({ interactivity: { is_enabled: true }, socket_mode_enabled: true });
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
  });
});
