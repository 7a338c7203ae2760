// The playground's webhook receiver: a local endpoint (POST /playground/webhooks/receive) that
// keeps the last deliveries, each checked with the standardwebhooks package against the signing
// secrets it knows, and a page (GET /playground/webhooks) that lists them. At start the
// playground adds an endpoint for it, its secret handed straight to the receiver (as an operator
// would put it in a receiver's configuration); a secret of another endpoint pointed here can be
// pasted on the page.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Webhook } from 'standardwebhooks';
import type { Tokenops } from '../src/tokenops.js';

export const RECEIVER_PATH = '/webhooks/receive';
const KEPT = 100;

type Delivery = {
  at: Date;
  id: string;
  type: string;
  timestamp: string;
  signatures: number;
  verified: boolean;
  body: string;
};

export function webhookReceiver() {
  const deliveries: Delivery[] = [];
  const secrets = new Set<string>();

  const verified = (body: string, headers: Record<string, string>) =>
    [...secrets].some((secret) => {
      try {
        new Webhook(secret).verify(body, headers);
        return true;
      } catch {
        return false;
      }
    });

  return {
    trust(secret: string) {
      if (/^whsec_[A-Za-z0-9+/=]{20,}$/.test(secret)) secrets.add(secret);
      return secrets.has(secret);
    },

    receive(req: IncomingMessage, body: string, res: ServerResponse) {
      const headers = Object.fromEntries(
        ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [name, String(req.headers[name] ?? '')]),
      );
      let type = '';
      try {
        type = String((JSON.parse(body) as { type?: unknown }).type ?? '');
      } catch {
        // listed as it came
      }
      deliveries.unshift({
        at: new Date(),
        id: headers['webhook-id']!,
        type,
        timestamp: headers['webhook-timestamp']!,
        signatures: headers['webhook-signature']!.split(' ').filter(Boolean).length,
        verified: verified(body, headers),
        body,
      });
      deliveries.length = Math.min(deliveries.length, KEPT);
      res.writeHead(204).end();
    },

    page(): string {
      const rows = deliveries
        .map(
          (
            d,
          ) => `<tr class="${d.verified ? 'ok' : 'bad'}"><td>${d.at.toISOString().slice(11, 19)}</td><td><code>${escape(d.type)}</code></td><td><code>${escape(d.id)}</code></td>
            <td>${d.verified ? '✅ signature verified' : '❌ signature not verified'} (${d.signatures} signature${d.signatures === 1 ? '' : 's'})</td><td><pre>${escape(pretty(d.body))}</pre></td></tr>`,
        )
        .join('\n');
      return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>tokenops — webhook receiver</title><meta http-equiv="refresh" content="3">
<style>body{font:14px/1.4 -apple-system,"Segoe UI",Roboto,sans-serif;margin:20px}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:6px;text-align:left;vertical-align:top}
tr.bad{background:#fff0f0}pre{margin:0;max-height:160px;overflow:auto;font-size:12px}form{margin:12px 0}</style></head><body>
<h1>Webhook receiver</h1>
<p>Events tokenops sends to <code>${RECEIVER_PATH.replace(/^/, '/playground')}</code> on this port, newest first (the last ${KEPT}), each checked with the
<code>standardwebhooks</code> package against the signing secrets this receiver knows (${secrets.size}). Make a change in the <a href="/playground">playground</a>
(<code>/token disable …</code>) and it shows up here. To point another endpoint here, use <code>/token webhook add &lt;this page's URL without /webhooks&gt;/webhooks/receive</code>
and paste its signing secret:</p>
<form onsubmit="event.preventDefault();fetch('/playground/webhooks/secret',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({secret:this.secret.value})}).then(()=>location.reload())">
<input name="secret" size="60" placeholder="whsec_…" autocomplete="off"> <button>Trust this secret</button></form>
<table><tr><th>received</th><th>type</th><th>webhook-id</th><th>signature</th><th>body</th></tr>${rows || '<tr><td colspan="5">Nothing received yet.</td></tr>'}</table></body></html>`;
    },
  };
}

export type WebhookReceiver = ReturnType<typeof webhookReceiver>;

/** An endpoint for the receiver at `url`, replacing those of earlier runs (their secrets are gone). */
export async function connectReceiver(
  tokenops: Tokenops,
  receiver: WebhookReceiver,
  url: string,
  workspaceAdmin: string,
) {
  const admin = await tokenops.tokens.actor(workspaceAdmin);
  for (const endpoint of await tokenops.webhooks.list(admin)) {
    if (endpoint.url.endsWith(`/playground${RECEIVER_PATH}`)) await tokenops.webhooks.remove(admin, endpoint.id);
  }
  await tokenops.webhooks.add(admin, url, [], async (_id, secret) => void receiver.trust(secret));
}

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
const pretty = (body: string) => {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
};
