/// <reference lib="dom" />
// Block Kit, drawn as Slack's client draws it, and the user's input on it turned into the
// actions and view state Slack sends to the app.
import type { VNode } from 'preact';
import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { renderMrkdwn, renderPlain, withEmoji, type Names } from '@tokenops/slack-emulator/mrkdwn';
import type { Chrome } from './chrome.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Block Kit JSON as the app sent it
export type Json = Record<string, any>;
/** View state as Slack sends it: block_id → action_id → the element's value. */
export type Values = Record<string, Record<string, Json>>;

export type BlockContext = {
  names: Names;
  users: Array<{ id: string; title: string }>;
  /** Slack's own words (optional, Select…) in the viewer's Slack language. */
  chrome: Chrome;
  /** A block_actions interaction (a button, a menu choice, a select in a message). */
  act(action: Json): void;
  /** Modals: input values, and the errors from `response_action: errors`. */
  values?: Values;
  setValue?(blockId: string, actionId: string, value: Json): void;
  errors?: Record<string, string>;
  /** Asks the user Slack's confirm dialog; resolves true on confirm. */
  confirm(dialog: Json): Promise<boolean>;
};

export function Text({ text, names }: { text?: Json; names: Names }) {
  if (!text) return null;
  const rendered =
    text.type === 'mrkdwn'
      ? renderMrkdwn(String(text.text ?? ''), names)
      : renderPlain(String(text.text ?? ''), names, text.emoji !== false);
  return html`<span dangerouslySetInnerHTML=${{ __html: rendered }} />`;
}

const optionsOf = (element: Json): Json[] => [
  ...(element.options ?? []),
  ...(element.option_groups ?? []).flatMap((g: Json) => g.options ?? []),
];

/** The value Slack puts in view state for an element before the user touches it. */
export function initialValue(element: Json): Json {
  switch (element.type) {
    case 'plain_text_input':
      return { type: element.type, value: element.initial_value ?? null };
    case 'static_select':
      return { type: element.type, selected_option: element.initial_option ?? null };
    case 'multi_static_select':
      return { type: element.type, selected_options: element.initial_options ?? [] };
    case 'users_select':
      return { type: element.type, selected_user: element.initial_user ?? null };
    case 'datepicker':
      return { type: element.type, selected_date: element.initial_date ?? null };
    default:
      return { type: element.type };
  }
}

function Options({ element, names }: { element: Json; names: Names }) {
  const option = (o: Json) => html`<option value=${o.value}>${plainOf(o.text, names)}</option>`;
  if (element.option_groups)
    return element.option_groups.map(
      (g: Json) => html`<optgroup label=${plainOf(g.label, names)}>${(g.options ?? []).map(option)}</optgroup>`,
    );
  return (element.options ?? []).map(option);
}

/** A plain_text object's words, with its emoji (as Slack draws labels, buttons and options). */
const plainOf = (text: Json | undefined, names: Names) => {
  const words = String(text?.text ?? '');
  return text?.emoji === false ? words : withEmoji(words, names);
};

function Element({
  element,
  blockId,
  ctx,
  inInput,
}: {
  element: Json;
  blockId: string;
  ctx: BlockContext;
  inInput?: boolean;
}): VNode | null {
  const current = ctx.values?.[blockId]?.[element.action_id] ?? initialValue(element);
  // In an input block a change is only kept (sent at submit); elsewhere it is an action.
  const change = (value: Json, action: Json) => {
    ctx.setValue?.(blockId, element.action_id, value);
    if (!inInput || element.dispatch_action)
      ctx.act({ ...action, block_id: blockId, action_id: element.action_id, type: element.type });
  };
  switch (element.type) {
    case 'button': {
      const click = async () => {
        if (element.confirm && !(await ctx.confirm(element.confirm))) return;
        ctx.act({
          type: 'button',
          block_id: blockId,
          action_id: element.action_id,
          value: element.value,
          text: element.text,
          ...(element.style ? { style: element.style } : {}),
        });
      };
      return html`<button class=${`btn ${element.style ?? ''}`} data-action-id=${element.action_id} onClick=${click}>
        ${plainOf(element.text, ctx.names)}
      </button>`;
    }
    case 'overflow':
      return html`<${Overflow} element=${element} blockId=${blockId} ctx=${ctx} />`;
    case 'static_select': {
      const selected = current.selected_option?.value ?? '';
      const pick = (e: Event) => {
        const option = optionsOf(element).find((o) => o.value === (e.target as HTMLSelectElement).value) ?? null;
        change({ type: element.type, selected_option: option }, { selected_option: option });
      };
      return html`<select data-action-id=${element.action_id} value=${selected} onChange=${pick}>
        <option value="" disabled>${plainOf(element.placeholder, ctx.names) || ctx.chrome.select}</option>
        <${Options} element=${element} names=${ctx.names} />
      </select>`;
    }
    case 'multi_static_select': {
      const selected = (current.selected_options ?? []).map((o: Json) => o.value);
      const pick = (e: Event) => {
        const values = Array.from((e.target as HTMLSelectElement).selectedOptions).map((o) => o.value);
        const options = optionsOf(element).filter((o) => values.includes(o.value));
        change({ type: element.type, selected_options: options }, { selected_options: options });
      };
      return html`<select multiple size="6" class="input" data-action-id=${element.action_id} onChange=${pick}>
        ${
          element.option_groups
            ? element.option_groups.map(
                (g: Json) =>
                  html`<optgroup label=${plainOf(g.label, ctx.names)}>
                    ${(g.options ?? []).map((o: Json) => html`<option value=${o.value} selected=${selected.includes(o.value)}>${plainOf(o.text, ctx.names)}</option>`)}
                  </optgroup>`,
              )
            : (element.options ?? []).map(
                (o: Json) =>
                  html`<option value=${o.value} selected=${selected.includes(o.value)}>
                    ${plainOf(o.text, ctx.names)}
                  </option>`,
              )
        }
      </select>`;
    }
    case 'users_select': {
      const pick = (e: Event) => {
        const user = (e.target as HTMLSelectElement).value;
        change({ type: element.type, selected_user: user }, { selected_user: user });
      };
      return html`<select data-action-id=${element.action_id} value=${current.selected_user ?? ''} onChange=${pick}>
        <option value="" disabled>${plainOf(element.placeholder, ctx.names) || ctx.chrome.selectPerson}</option>
        ${ctx.users.map((u) => html`<option value=${u.id}>${u.title}</option>`)}
      </select>`;
    }
    case 'datepicker': {
      const pick = (e: Event) => {
        const date = (e.target as HTMLInputElement).value || null;
        change({ type: element.type, selected_date: date }, { selected_date: date });
      };
      return html`<input
        type="date"
        data-action-id=${element.action_id}
        value=${current.selected_date ?? ''}
        onChange=${pick}
      />`;
    }
    case 'plain_text_input': {
      const type = (e: Event) =>
        change(
          { type: element.type, value: (e.target as HTMLInputElement).value || null },
          { value: (e.target as HTMLInputElement).value },
        );
      const common = {
        class: 'input',
        'data-action-id': element.action_id,
        value: current.value ?? '',
        placeholder: plainOf(element.placeholder, ctx.names),
        maxlength: element.max_length,
        onInput: type,
      };
      return element.multiline ? html`<textarea rows="3" ...${common} />` : html`<input ...${common} />`;
    }
    default:
      return html`<span class="hint">[${element.type}]</span>`;
  }
}

function Overflow({ element, blockId, ctx }: { element: Json; blockId: string; ctx: BlockContext }) {
  const [open, setOpen] = useState(false);
  const choose = async (option: Json) => {
    setOpen(false);
    if (element.confirm && !(await ctx.confirm(element.confirm))) return;
    ctx.act({ type: 'overflow', block_id: blockId, action_id: element.action_id, selected_option: option });
  };
  return html`<span class="overflow">
    <button class="btn" aria-label="More actions" data-action-id=${element.action_id} onClick=${() => setOpen(!open)}>
      ⋯
    </button>
    ${open && html`<div class="overflow-menu">${(element.options ?? []).map((o: Json) => html`<button onClick=${() => choose(o)}>${plainOf(o.text, ctx.names)}</button>`)}</div>`}
  </span>`;
}

function Block({ block, ctx }: { block: Json; ctx: BlockContext }) {
  const blockId = block.block_id ?? '';
  const error = ctx.errors?.[blockId];
  switch (block.type) {
    case 'section':
      return html`<div class="block section" data-block-id=${blockId}>
        <div>
          ${block.text && html`<${Text} text=${block.text} names=${ctx.names} />`}
          ${block.fields && html`<div class="fields">${block.fields.map((f: Json) => html`<div><${Text} text=${f} names=${ctx.names} /></div>`)}</div>`}
        </div>
        ${block.accessory && html`<div><${Element} element=${block.accessory} blockId=${blockId} ctx=${ctx} /></div>`}
      </div>`;
    case 'header':
      return html`<div class="block header-block"><${Text} text=${block.text} names=${ctx.names} /></div>`;
    case 'divider':
      return html`<hr />`;
    case 'context':
      return html`<div class="block context">
        ${(block.elements ?? []).map((e: Json) => (e.type === 'image' ? html`<img alt=${e.alt_text} src=${e.image_url} width="16" />` : html`<span><${Text} text=${e} names=${ctx.names} /> </span>`))}
      </div>`;
    case 'actions':
      return html`<div class="block actions" data-block-id=${blockId}>
        ${(block.elements ?? []).map((e: Json) => html`<${Element} element=${e} blockId=${blockId} ctx=${ctx} />`)}
      </div>`;
    case 'input':
      return html`<div class="block" data-block-id=${blockId} style="margin: 12px 0">
        <label class="label"
          >${plainOf(block.label, ctx.names)}
          ${block.optional && html`<span class="optional">${ctx.chrome.optional}</span>`}</label
        >
        <${Element} element=${block.element} blockId=${blockId} ctx=${ctx} inInput=${true} />
        ${error && html`<div class="field-error" role="alert">${error}</div>`}
        ${block.hint && html`<div class="hint">${plainOf(block.hint, ctx.names)}</div>`}
      </div>`;
    default:
      return html`<div class="hint">[${block.type} block]</div>`;
  }
}

export function Blocks({ blocks, ctx }: { blocks?: Json[]; ctx: BlockContext }) {
  return html`<div>${(blocks ?? []).map((block) => html`<${Block} block=${block} ctx=${ctx} />`)}</div>`;
}
