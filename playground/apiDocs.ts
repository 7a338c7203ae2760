// The playground's API page (/playground/api-docs): the OpenAPI document of this tokenops
// (GET /openapi.json) in Swagger UI, served from node_modules (swagger-ui-dist, never a CDN),
// with a management key made in the emulated workspace the way an admin makes one
// (`/token apikey create workspace`, read from its ephemeral DM), so "Try it out" works at once,
// and made anew when it stops working (keys expire after 90 days, which a moved clock brings).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { SlackDriver, SlackEmulator } from '@tokenops/slack-emulator';

const KEY = /tkomk_[0-9A-Za-z]{36}/;
const require = createRequire(import.meta.url);
const SWAGGER_DIR = path.dirname(require.resolve('swagger-ui-dist/package.json'));

/** The files of the viewer the page loads, by the name it loads them under. */
export const VIEWER_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
};

export const viewerFile = (name: string) => readFile(path.join(SWAGGER_DIR, name), 'utf8');

/** Types `/token apikey create workspace playground` as the workspace admin; the key from the DM. */
export async function createPlaygroundKey(
  driver: SlackDriver,
  emulator: SlackEmulator,
  workspaceAdmin: string,
): Promise<string> {
  const before = emulator.callsTo('chat.postEphemeral').length;
  const answer = await driver.command(workspaceAdmin, 'apikey create workspace playground');
  if (answer.status !== 200)
    throw new Error(`the playground could not create its management key (HTTP ${answer.status})`);
  const dm = await emulator.waitFor(
    () =>
      emulator
        .callsTo('chat.postEphemeral')
        .slice(before)
        .find((call) => KEY.test(JSON.stringify(call.args.blocks))),
    10_000,
  );
  return KEY.exec(JSON.stringify(dm.args.blocks))![0];
}

/** The key `first`, checked whenever it is asked for (one check at a time) and replaced by `make`
 *  once tokenops refuses it: every management key expires (90 days, at once when the playground's
 *  clock is moved that far) and anyone in the playground may revoke it. */
export function keptWorking(tokenopsUrl: string, first: string, make: () => Promise<string>): () => Promise<string> {
  let key = first;
  let checking: Promise<string> | undefined;
  const check = async () => {
    const answer = await fetch(`${tokenopsUrl}/v1/tokens?limit=1`, { headers: { authorization: `Bearer ${key}` } });
    await answer.body?.cancel();
    if (answer.status === 401) key = await make();
    return key;
  };
  return () => (checking ??= check().finally(() => (checking = undefined)));
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function apiDocsPage(managementKey: string | undefined, base: string): string {
  const key = managementKey ?? '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tokenops API</title>
<link rel="stylesheet" href="${base}/swagger-ui/swagger-ui.css">
<style>body{margin:0;font-family:system-ui,sans-serif}.key{padding:12px 20px;background:#1d1c1d;color:#fff;font-size:14px}.key code{background:#333;padding:2px 6px;border-radius:4px;user-select:all}</style>
</head><body>
<div class="key">Management API key of the emulated workspace (made with <code>/token apikey create workspace playground</code>, scope: workspace):
<code id="management-key">${escapeHtml(key)}</code> — "Authorize" is filled in with it. <a style="color:#8cf" href="${base}">Back to the playground</a></div>
<div id="swagger-ui"></div>
<script src="${base}/swagger-ui/swagger-ui-bundle.js"></script>
<script src="${base}/swagger-ui/swagger-ui-standalone-preset.js"></script>
<script>
const ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'BaseLayout',
  onComplete: () => ui.preauthorizeApiKey('managementKey', document.getElementById('management-key').textContent) });
</script>
</body></html>`;
}
