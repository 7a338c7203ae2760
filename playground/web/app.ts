/// <reference lib="dom" />
// The playground page: a small Slack client for the simulated workspace. It shows what the
// current user sees (from /playground/state), refreshes on every change the server announces
// (server-sent events), and sends what the user does to the server, which passes it to the app
// as the signed payload Slack would send. Its own words follow the user's Slack language.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { Blocks, Text, initialValue, type BlockContext, type Json, type Values } from './blocks.js';
import type { Names } from '@tokenops/slack-emulator/mrkdwn';
import { chromeFor, type Chrome } from './chrome.js';
import { StepsPanel } from './steps.js';

const BASE = '/playground';
/** Slack's emoji names, loaded once. */
const emoji: Promise<Record<string, string>> = fetch(`${BASE}/emoji.json`).then(
  (r) => r.json(),
  () => ({}),
);

async function post(path: string, body: Json): Promise<Json> {
  const response = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.json();
}

/** Slack's confirm dialog, as a promise. */
function useConfirm(): [Json | undefined, (dialog: Json) => Promise<boolean>, (answer: boolean) => void] {
  const [pending, setPending] = useState<{ dialog: Json; resolve(answer: boolean): void } | undefined>();
  const ask = (dialog: Json) => new Promise<boolean>((resolve) => setPending({ dialog, resolve }));
  const answer = (yes: boolean) => {
    pending?.resolve(yes);
    setPending(undefined);
  };
  return [pending?.dialog, ask, answer];
}

function App({ emojiNames }: { emojiNames: Record<string, string> }) {
  const [user, setUser] = useState(new URLSearchParams(location.search).get('user') ?? 'U0PGADMIN1');
  const [state, setState] = useState<Json | undefined>();
  const [place, setPlace] = useState(new URLSearchParams(location.search).get('channel') ?? 'C0GENERAL1'); // a permalink's conversation
  const [draft, setDraft] = useState('');
  const [values, setValues] = useState<Record<string, Values>>({});
  const [errors, setErrors] = useState<Record<string, Record<string, string>>>({});
  const [dialog, confirm, answerConfirm] = useConfirm();

  useEffect(() => {
    // Ephemeral messages are the client's: this page shows those that arrived since it opened as
    // this user (a reload, another page or switching users starts without them, as in Slack).
    let opened: number | undefined;
    const refresh = () =>
      fetch(`${BASE}/state?user=${encodeURIComponent(user)}${opened === undefined ? '' : `&since=${opened}`}`)
        .then((r) => r.json())
        .then((next: Json) => {
          opened ??= next.since;
          setState(next);
        });
    refresh();
    const feed = new EventSource(`${BASE}/events`);
    feed.onmessage = () => refresh();
    return () => feed.close();
  }, [user]);
  useEffect(() => {
    if (place === 'home') post('/home', { user });
  }, [place, user]);
  // Like Slack, a conversation shows its latest message.
  useEffect(() => {
    const list = document.getElementById('messages');
    list?.scrollTo(0, list.scrollHeight);
  }, [state, place]);
  if (!state || state.me !== user) return html`<p>Loading…</p>`;

  const me = state.users.find((u: Json) => u.id === user);
  const names: Names = {
    user: (id) => state.users.find((u: Json) => u.id === id)?.name ?? (id === 'U0TOKENOPS' ? 'tokenops' : undefined),
    channel: (id) => state.channels.find((c: Json) => c.id === id)?.name,
    emoji: (name) => emojiNames[name],
    timeZone: me?.tz,
    locale: me?.locale,
  };
  const chrome = chromeFor(me?.locale);
  document.documentElement.lang = chrome.lang;
  const context = (extra: Partial<BlockContext>): BlockContext => ({
    names,
    users: state.users,
    chrome,
    confirm,
    act: () => undefined,
    ...extra,
  });
  const switchUser = (id: string) => {
    setUser(id);
    setPlace('C0GENERAL1');
    history.replaceState(null, '', `?user=${id}`);
  };
  const send = async (event: Event) => {
    event.preventDefault();
    const text = draft.trim();
    if (!text.startsWith('/token')) return alert(chrome.onlyCommands);
    setDraft('');
    await post('/command', { user, channel: place, text: text.replace(/^\/token\s*/, '') });
  };
  const modal = state.modals[state.modals.length - 1];
  const modalValues = (viewId: string): Values => values[viewId] ?? {};
  const setValue = (viewId: string) => (blockId: string, actionId: string, value: Json) =>
    setValues((all) => ({
      ...all,
      [viewId]: { ...all[viewId], [blockId]: { ...all[viewId]?.[blockId], [actionId]: value } },
    }));
  /** Slack sends every input's value at submit, untouched ones with their initial value. */
  const stateOf = (view: Json): Values => {
    const result: Values = {};
    for (const block of view.blocks ?? []) {
      const elements =
        block.type === 'input'
          ? [block.element]
          : block.type === 'actions'
            ? block.elements
            : block.accessory
              ? [block.accessory]
              : [];
      for (const element of elements) {
        if (!element?.action_id || element.type === 'button' || element.type === 'overflow') continue;
        (result[block.block_id] ??= {})[element.action_id] =
          modalValues(view.id)[block.block_id]?.[element.action_id] ?? initialValue(element);
      }
    }
    return result;
  };
  const submit = async () => {
    // Like Slack's client: a required input left empty never reaches the app.
    const values = stateOf(modal);
    const missing = (modal.blocks ?? []).filter(
      (b: Json) => b.type === 'input' && !b.optional && isEmpty(values[b.block_id]?.[b.element.action_id]),
    );
    if (missing.length)
      return setErrors((all) => ({
        ...all,
        [modal.id]: Object.fromEntries(missing.map((b: Json) => [b.block_id, chrome.required])),
      }));
    const answer = await post('/submit', { user, viewId: modal.id, values });
    setErrors((all) => ({ ...all, [modal.id]: answer.errors ?? {} }));
  };
  const conversation = state.conversations[place] ?? [];
  const channel = state.channels.find((c: Json) => c.id === place);

  return html`
    <div class="banner">
      <b>${chrome.localPlayground}</b> — ${chrome.banner} <code>SLACK_BOT_TOKEN</code> ${chrome.bannerAnd}
      <code>SLACK_APP_TOKEN</code> (${chrome.bannerOr} <code>SLACK_SIGNING_SECRET</code>) ${chrome.bannerAnd}
      <code>ADMIN_USER_IDS</code>${chrome.bannerEnd} <br />${chrome.example}
    </div>
    <div class="shell">
      <aside class="sidebar">
        <h2>${chrome.youAre}</h2>
        <select
          id="user-switcher"
          value=${user}
          onChange=${(e: Event) => switchUser((e.target as HTMLSelectElement).value)}
        >
          ${state.users.map((u: Json) => html`<option value=${u.id}>${u.title}${u.deleted ? chrome.deactivatedMark : ''}</option>`)}
        </select>
        <h2>${chrome.channels}</h2>
        ${state.channels.filter((c: Json) => c.kind === 'channel').map((c: Json) => html`<button class=${`nav ${place === c.id ? 'active' : ''}`} data-place=${c.name} onClick=${() => setPlace(c.id)}># ${c.name}</button>`)}
        <h2>${chrome.apps}</h2>
        <button class=${`nav ${place === 'home' ? 'active' : ''}`} id="nav-home" onClick=${() => setPlace('home')}>
          ${chrome.home}
        </button>
        ${state.channels.filter((c: Json) => c.kind === 'dm').map((c: Json) => html`<button class=${`nav ${place === c.id ? 'active' : ''}`} id="nav-dm" onClick=${() => setPlace(c.id)}>${chrome.messages}</button>`)}
        <h2>${chrome.tools}</h2>
        <${VerifyPanel} verifyKey=${state.verifyKey} chrome=${chrome} />
        <${ClockPanel} days=${state.clockDays} chrome=${chrome} />
        <div class="tool">
          <a id="webhooks" href="${BASE}/webhooks" target="_blank" style="color:inherit"><b>${chrome.webhooks}</b></a
          ><br />${chrome.webhooksHelp}
        </div>
        <${StepsPanel} user=${user} chrome=${chrome} post=${post} runs=${state.stepRuns ?? []} />
        <div class="tool">
          <b>${chrome.account}</b><br />
          ${me?.deleted ? chrome.deactivated : chrome.active} ${chrome.deactivateHelp}
          <br /><button
            class="btn"
            id="deactivate"
            onClick=${() => post('/deactivate', { user, reactivate: me?.deleted })}
          >
            ${me?.deleted ? chrome.reactivate(me?.name) : chrome.deactivate(me?.name)}
          </button>
        </div>
      </aside>
      <main>
        ${
          place === 'home'
            ? html`<div class="header">${chrome.home}</div>
                <div class="home">
                  ${state.home ? html`<${Blocks} blocks=${state.home.blocks} ctx=${context({ act: (action) => post('/action', { user, viewId: state.home.id, action, values: stateOf(state.home) }) })} />` : chrome.openingHome}
                </div>`
            : html`<div class="header">${channel?.kind === 'dm' ? 'tokenops' : `# ${channel?.name}`}</div>
                <div class="messages" id="messages">
                  ${conversation.map(
                    (m: Json) =>
                      html`<${Message}
                        message=${m}
                        names=${names}
                        chrome=${chrome}
                        ctx=${context({
                          act: (action) =>
                            post('/action', {
                              user,
                              channel: place,
                              messageTs: m.ts,
                              ephemeral: Boolean(m.ephemeral),
                              action,
                            }),
                        })}
                      />`,
                  )}
                </div>
                <form class="composer" onSubmit=${send}>
                  <input
                    id="composer"
                    value=${draft}
                    onInput=${(e: Event) => setDraft((e.target as HTMLInputElement).value)}
                    placeholder=${chrome.messageTo(channel?.kind === 'dm' ? 'tokenops' : `#${channel?.name}`)}
                  />
                  <button type="submit">${chrome.send}</button>
                </form>`
        }
      </main>
    </div>
    ${
      modal &&
      html`<div class="overlay">
        <div class="modal" role="dialog" data-callback-id=${modal.callback_id}>
          <div class="modal-title">
            <span><${Text} text=${modal.title} names=${names} /></span>
            <button
              class="btn"
              id="modal-close"
              aria-label=${chrome.close}
              onClick=${() => post('/close', { user, viewId: modal.id })}
            >
              ×
            </button>
          </div>
          <div class="modal-body">
            <${Blocks}
              blocks=${modal.blocks}
              ctx=${context({
                values: modalValues(modal.id),
                setValue: setValue(modal.id),
                errors: errors[modal.id],
                act: (action) => post('/action', { user, viewId: modal.id, action, values: stateOf(modal) }),
              })}
            />
          </div>
          <div class="modal-footer">
            <button class="btn" onClick=${() => post('/close', { user, viewId: modal.id })}>
              ${modal.close?.text ?? chrome.cancel}
            </button>
            ${modal.submit && html`<button class="btn primary" id="modal-submit" onClick=${submit}>${modal.submit.text}</button>`}
          </div>
        </div>
      </div>`
    }
    ${
      dialog &&
      html`<div class="overlay confirm">
        <div class="modal" role="alertdialog">
          <div class="modal-title">${dialog.title?.text}</div>
          <div class="modal-body"><${Text} text=${dialog.text} names=${names} /></div>
          <div class="modal-footer">
            <button class="btn" onClick=${() => answerConfirm(false)}>${dialog.deny?.text ?? chrome.cancel}</button>
            <button class=${`btn ${dialog.style ?? 'primary'}`} id="confirm-yes" onClick=${() => answerConfirm(true)}>
              ${dialog.confirm?.text ?? chrome.yes}
            </button>
          </div>
        </div>
      </div>`
    }
  `;
}

const isEmpty = (value?: Json) =>
  !value ||
  (value.value ??
    value.selected_option ??
    value.selected_user ??
    value.selected_date ??
    value.selected_options?.[0] ??
    null) === null;

function Message({ message, names, chrome, ctx }: { message: Json; names: Names; chrome: Chrome; ctx: BlockContext }) {
  const fromApp = message.user === 'U0TOKENOPS' || message.ephemeral;
  return html`<div class=${`message ${message.ephemeral ? 'ephemeral' : ''}`} data-ts=${message.ts}>
    <div class="avatar">${fromApp ? 't' : '?'}</div>
    <div>
      <div class="author">
        tokenops
        <small>${chrome.app}</small>${message.ephemeral && html`<small class="only-you"> · ${chrome.onlyYou}</small>`}
      </div>
      ${message.blocks?.length ? html`<${Blocks} blocks=${message.blocks} ctx=${ctx} />` : html`<${Text} text=${{ type: 'mrkdwn', text: message.text ?? '' }} names=${names} />`}
    </div>
  </div>`;
}

/** What the verification panel posts: the secret, with the client's address and the scopes the call
 *  needs only when they are filled in (scopes separated by spaces or commas). */
function verifyBody(secret: string, ip: string, scopes: string) {
  const needed = scopes.split(/[\s,]+/).filter(Boolean);
  return {
    token: secret.trim(),
    ...(ip.trim() ? { ip: ip.trim() } : {}),
    ...(needed.length ? { scopes: needed } : {}),
  };
}

/** `text` as one argument of a POSIX shell, in single quotes. */
const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

function VerifyPanel({ verifyKey, chrome }: { verifyKey: string; chrome: Chrome }) {
  const [secret, setSecret] = useState('');
  const [ip, setIp] = useState('');
  const [scopes, setScopes] = useState('');
  const [answer, setAnswer] = useState('');
  const body = verifyBody(secret, ip, scopes);
  const verify = async () => {
    const response = await fetch('/v1/tokens/verify', {
      method: 'POST',
      headers: { authorization: `Bearer ${verifyKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    setAnswer(`HTTP ${response.status}\n${JSON.stringify(await response.json(), null, 2)}`);
  };
  const callSampleApi = async () => {
    const response = await fetch('/sample-api/orders', { headers: { authorization: `Bearer ${secret.trim()}` } });
    setAnswer(`HTTP ${response.status}\n${JSON.stringify(await response.json(), null, 2)}`);
  };
  // The body sent, as sent (a placeholder until a secret is pasted).
  const curlBody = JSON.stringify({ ...body, token: body.token || 'tko_…' });
  const curl = `curl -s ${location.origin}/v1/tokens/verify -H 'authorization: Bearer ${verifyKey}' -H 'content-type: application/json' -d ${shellQuote(curlBody)}`;
  return html`<div class="tool">
    <b>${chrome.verification}</b>
    <input
      id="verify-secret"
      placeholder=${chrome.pasteSecret}
      value=${secret}
      onInput=${(e: Event) => setSecret((e.target as HTMLInputElement).value)}
    />
    <label for="verify-ip">${chrome.clientIp}</label>
    <input
      id="verify-ip"
      placeholder="203.0.113.9"
      value=${ip}
      onInput=${(e: Event) => setIp((e.target as HTMLInputElement).value)}
    />
    <label for="verify-scopes">${chrome.neededScopes}</label>
    <input
      id="verify-scopes"
      placeholder="orders:read orders:write"
      value=${scopes}
      onInput=${(e: Event) => setScopes((e.target as HTMLInputElement).value)}
    />
    <button class="btn" id="verify" onClick=${verify}>POST /v1/tokens/verify</button>
    <button class="btn" id="sample-api" title=${chrome.sampleApi} onClick=${callSampleApi}>
      GET /sample-api/orders
    </button>
    ${answer && html`<pre id="verify-answer">${answer}</pre>`}
    <div>${chrome.key} <code id="verify-key">${verifyKey}</code></div>
    <div>${chrome.fromTerminal}</div>
    <pre id="verify-curl">${curl}</pre>
  </div>`;
}

function ClockPanel({ days, chrome }: { days: number; chrome: Chrome }) {
  const [step, setStep] = useState('1');
  return html`<div class="tool">
    <b>${chrome.clock}</b>: <span id="clock-now">${days ? chrome.clockAhead(days) : chrome.clockNow}</span><br />
    ${chrome.clockHelp}
    <div style="display:flex; gap:6px; margin-top:6px">
      <input
        id="clock-days"
        type="number"
        min="1"
        max="400"
        value=${step}
        onInput=${(e: Event) => setStep((e.target as HTMLInputElement).value)}
        style="width:70px"
      />
      <button class="btn" id="clock-forward" onClick=${() => post('/clock', { days: Number(step) })}>
        ${chrome.daysForward}
      </button>
    </div>
  </div>`;
}

emoji.then((emojiNames) => render(html`<${App} emojiNames=${emojiNames} />`, document.getElementById('root')!));
