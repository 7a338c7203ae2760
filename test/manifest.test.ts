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
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      'chat:write',
      'commands',
      'im:history',
      'im:write',
      'users:read',
    ]);
    expect(manifest._metadata).toEqual({ major_version: 1, minor_version: 1 });
  });

  it('enables the Home tab, the Messages tab (secret DMs), interactivity and Socket Mode', () => {
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.settings).toMatchObject({ interactivity: { is_enabled: true }, socket_mode_enabled: true });
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.display_information.name.length).toBeLessThanOrEqual(35);
  });

  it('declares the Workflow Builder steps, run remotely by an org-ready app, and the report_leak shortcut', () => {
    expect(manifest.settings).toMatchObject({ function_runtime: 'remote', org_deploy_enabled: true });
    expect(Object.keys(manifest.functions).sort()).toEqual(['extend_token', 'request_token', 'revoke_token']);
    for (const step of Object.values(manifest.functions) as Array<{
      output_parameters: Record<string, { is_required?: boolean; type: string }>;
    }>) {
      expect(step.output_parameters.token_id).toMatchObject({ type: 'string', is_required: true });
      // A secret is never a step output (it would be in the workflow's history for all to read).
      expect(Object.keys(step.output_parameters).join()).not.toMatch(/secret/);
    }
    expect(manifest.functions.request_token.input_parameters.requester.type).toBe('slack#/types/user_id');
    expect(manifest.features.shortcuts).toContainEqual(
      expect.objectContaining({ type: 'message', callback_id: 'report_leak' }),
    );
    expect(manifest.oauth_config.scopes.bot).toContain('commands'); // shortcuts need it
  });
});
