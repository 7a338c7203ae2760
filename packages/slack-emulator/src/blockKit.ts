// Slack's Block Kit limits, checked the way Slack checks them: a list of problems, each with a
// JSON pointer, as Slack reports in `response_metadata.messages` ("[ERROR] … [json-pointer:…]").
// Numbers from Slack's Block Kit reference and @slack/types: text lengths, counts of blocks,
// fields, elements and options, ids, confirm dialogs, button styles and values, initial values
// that must be among the options, and the modal's title, buttons and private_metadata.

type Json = Record<string, unknown>;
export type Surface = 'message' | 'modal' | 'home';

const MAX_BLOCKS: Record<Surface, number> = { message: 50, modal: 100, home: 100 };
const BLOCK_TYPES = new Set([
  'section',
  'header',
  'divider',
  'context',
  'actions',
  'input',
  'image',
  'rich_text',
  'markdown',
]);

export function checkBlocks(blocks: unknown, surface: Surface, base = '/blocks'): string[] {
  const problems: string[] = [];
  const fail = (pointer: string, message: string) => problems.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  if (!Array.isArray(blocks)) {
    fail(base, 'must be an array');
    return problems;
  }
  if (blocks.length > MAX_BLOCKS[surface])
    fail(base, `must provide an array with no more than ${MAX_BLOCKS[surface]} items`);
  const blockIds = new Set<string>();
  blocks.forEach((block: Json, i) => {
    const at = `${base}/${i}`;
    if (!BLOCK_TYPES.has(String(block?.type)))
      return fail(`${at}/type`, `unsupported block type "${String(block?.type)}"`);
    if (block.block_id !== undefined) {
      const id = String(block.block_id);
      if (id.length > 255) fail(`${at}/block_id`, 'must be less than 256 characters');
      if (blockIds.has(id)) fail(`${at}/block_id`, `duplicate block_id "${id}"`);
      blockIds.add(id);
    }
    if (block.type === 'input' && surface === 'message')
      fail(at, 'input blocks are only allowed in modals and Home tabs');
    checkBlock(block, at, fail);
  });
  return problems;
}

/** A message as chat.postMessage, chat.update, a response_url or an ack carries it. */
export function checkMessage(message: Json): string[] {
  return message.blocks === undefined ? [] : checkBlocks(message.blocks, 'message');
}

function text(value: unknown, at: string, max: number, fail: (p: string, m: string) => void, plainOnly = false) {
  const object = value as Json | undefined;
  if (!object || typeof object !== 'object') return fail(at, 'must be a text object');
  if (object.type !== 'plain_text' && object.type !== 'mrkdwn')
    return fail(`${at}/type`, 'must be plain_text or mrkdwn');
  if (plainOnly && object.type !== 'plain_text') fail(`${at}/type`, 'must be plain_text');
  if (object.type === 'mrkdwn' && object.emoji !== undefined) fail(`${at}/emoji`, 'is only allowed on plain_text');
  if (object.type === 'plain_text' && object.verbatim !== undefined)
    fail(`${at}/verbatim`, 'is only allowed on mrkdwn');
  const content = String(object.text ?? '');
  if (content.length === 0) fail(`${at}/text`, 'must be more than 0 characters');
  if (content.length > max) fail(`${at}/text`, `must be less than ${max + 1} characters`);
}

function checkBlock(block: Json, at: string, fail: (p: string, m: string) => void) {
  switch (block.type) {
    case 'section': {
      if (!block.text && !block.fields) fail(at, 'must have text or fields');
      if (block.text) text(block.text, `${at}/text`, 3000, fail);
      const fields = (block.fields as unknown[] | undefined) ?? [];
      if (fields.length > 10) fail(`${at}/fields`, 'must provide an array with no more than 10 items');
      fields.forEach((field, j) => text(field, `${at}/fields/${j}`, 2000, fail));
      if (block.accessory) checkElement(block.accessory as Json, `${at}/accessory`, fail);
      break;
    }
    case 'header':
      text(block.text, `${at}/text`, 150, fail, true);
      break;
    case 'context': {
      const elements = (block.elements as Json[] | undefined) ?? [];
      if (elements.length === 0 || elements.length > 10) fail(`${at}/elements`, 'must provide 1 to 10 items');
      elements.forEach((element, j) => {
        if (element.type !== 'image') text(element, `${at}/elements/${j}`, 3000, fail);
        else if (String(element.alt_text ?? '').length > 2000)
          fail(`${at}/elements/${j}/alt_text`, 'must be less than 2001 characters');
      });
      break;
    }
    case 'actions': {
      const elements = (block.elements as Json[] | undefined) ?? [];
      if (elements.length === 0 || elements.length > 25) fail(`${at}/elements`, 'must provide 1 to 25 items');
      const actionIds = new Set<string>();
      elements.forEach((element, j) => {
        const id = element.action_id === undefined ? undefined : String(element.action_id);
        if (id !== undefined && actionIds.has(id)) fail(`${at}/elements/${j}/action_id`, `duplicate action_id "${id}"`);
        if (id !== undefined) actionIds.add(id);
        checkElement(element, `${at}/elements/${j}`, fail);
      });
      break;
    }
    case 'input':
      text(block.label, `${at}/label`, 2000, fail, true);
      if (block.hint) text(block.hint, `${at}/hint`, 2000, fail, true);
      if (!block.element) fail(`${at}/element`, 'is required');
      else checkElement(block.element as Json, `${at}/element`, fail);
      break;
  }
}

function checkOption(option: Json, at: string, fail: (p: string, m: string) => void) {
  text(option.text, `${at}/text`, 75, fail);
  if (String(option.value ?? '').length > 150) fail(`${at}/value`, 'must be less than 151 characters');
  if (option.description) text(option.description, `${at}/description`, 75, fail, true);
}

function checkOptions(options: unknown, at: string, max: number, fail: (p: string, m: string) => void) {
  const list = (options as Json[] | undefined) ?? [];
  if (list.length > max) fail(at, `must provide an array with no more than ${max} items`);
  list.forEach((option, k) => checkOption(option, `${at}/${k}`, fail));
}

/** Every option of a select (or of an answer to block_suggestion), its groups' included. */
export function allOptions(element: Json): Json[] {
  const groups = (element.option_groups as Json[] | undefined) ?? [];
  return [
    ...((element.options as Json[] | undefined) ?? []),
    ...groups.flatMap((group) => (group.options as Json[] | undefined) ?? []),
  ];
}

/** Slack refuses an initial option that is not exactly one of the options. */
function checkInitial(element: Json, at: string, fail: (p: string, m: string) => void) {
  const values = new Set(allOptions(element).map((option) => option.value));
  const initial = [element.initial_option, ...((element.initial_options as Json[] | undefined) ?? [])].filter(
    Boolean,
  ) as Json[];
  initial.forEach((option) => {
    if (!values.has(option.value))
      fail(
        `${at}/initial_option${element.initial_options ? 's' : ''}`,
        `must match one of the provided options ("${String(option.value)}")`,
      );
  });
}

function checkConfirm(confirm: Json, at: string, fail: (p: string, m: string) => void) {
  text(confirm.title, `${at}/title`, 100, fail, true);
  text(confirm.text, `${at}/text`, 300, fail);
  text(confirm.confirm, `${at}/confirm`, 30, fail, true);
  text(confirm.deny, `${at}/deny`, 30, fail, true);
  if (confirm.style !== undefined && confirm.style !== 'primary' && confirm.style !== 'danger')
    fail(`${at}/style`, 'must be primary or danger');
}

function checkElement(element: Json, at: string, fail: (p: string, m: string) => void) {
  if (element.action_id !== undefined && String(element.action_id).length > 255) {
    fail(`${at}/action_id`, 'must be less than 256 characters');
  }
  if (element.placeholder) text(element.placeholder, `${at}/placeholder`, 150, fail, true);
  if (element.confirm) checkConfirm(element.confirm as Json, `${at}/confirm`, fail);
  switch (element.type) {
    case 'button':
      text(element.text, `${at}/text`, 75, fail, true);
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger')
        fail(`${at}/style`, 'must be primary or danger');
      if (String(element.value ?? '').length > 2000) fail(`${at}/value`, 'must be less than 2001 characters');
      if (String(element.url ?? '').length > 3000) fail(`${at}/url`, 'must be less than 3001 characters');
      break;
    case 'overflow': {
      const options = (element.options as unknown[] | undefined) ?? [];
      if (options.length < 1 || options.length > 5) fail(`${at}/options`, 'must provide 1 to 5 items');
      checkOptions(options, `${at}/options`, 5, fail);
      break;
    }
    case 'static_select':
    case 'multi_static_select': {
      if (!element.options && !element.option_groups) fail(at, 'must provide options or option_groups');
      if (element.options) checkOptions(element.options, `${at}/options`, 100, fail);
      const groups = (element.option_groups as Json[] | undefined) ?? [];
      if (groups.length > 100) fail(`${at}/option_groups`, 'must provide an array with no more than 100 items');
      if (element.options && element.option_groups) fail(at, 'must provide either options or option_groups, not both');
      groups.forEach((group, g) => {
        text(group.label, `${at}/option_groups/${g}/label`, 75, fail, true);
        checkOptions(group.options, `${at}/option_groups/${g}/options`, 100, fail);
      });
      checkInitial(element, at, fail);
      if (element.max_selected_items !== undefined && Number(element.max_selected_items) < 1)
        fail(`${at}/max_selected_items`, 'must be at least 1');
      break;
    }
    case 'external_select':
      // Its options come from the app (block_suggestion, checkSuggestions); only an initial one here.
      if (element.options || element.option_groups) fail(at, 'must not provide options: the app loads them');
      if (element.min_query_length !== undefined && Number(element.min_query_length) < 0)
        fail(`${at}/min_query_length`, 'must be at least 0');
      if (element.initial_option) checkOption(element.initial_option as Json, `${at}/initial_option`, fail);
      break;
    case 'users_select':
    case 'multi_users_select':
    case 'conversations_select':
    case 'channels_select':
      break;
    case 'datepicker':
      if (element.initial_date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(element.initial_date)))
        fail(`${at}/initial_date`, 'must be YYYY-MM-DD');
      break;
    case 'plain_text_input': {
      const max = element.max_length as number | undefined;
      const min = element.min_length as number | undefined;
      if (max !== undefined && (max < 1 || max > 3000)) fail(`${at}/max_length`, 'must be between 1 and 3000');
      if (min !== undefined && (min < 0 || min > 3000)) fail(`${at}/min_length`, 'must be between 0 and 3000');
      if (String(element.initial_value ?? '').length > (max ?? 3000))
        fail(`${at}/initial_value`, `must be less than ${(max ?? 3000) + 1} characters`);
      break;
    }
    default:
      fail(`${at}/type`, `unsupported element type "${String(element.type)}"`);
  }
}

/** An app's answer to block_suggestion, as Slack checks it before showing its options (a refused
 *  one shows none): up to 100 options, or up to 100 option groups. */
export function checkSuggestions(answer: unknown): string[] {
  const a = answer as Json | undefined;
  const problems: string[] = [];
  const fail = (pointer: string, message: string) => problems.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  if (!a || typeof a !== 'object' || (!Array.isArray(a.options) && !Array.isArray(a.option_groups)))
    return ['[ERROR] must provide options or option_groups [json-pointer:/]'];
  if (a.options) checkOptions(a.options, '/options', 100, fail);
  const groups = (a.option_groups as Json[] | undefined) ?? [];
  if (groups.length > 100) fail('/option_groups', 'must provide an array with no more than 100 items');
  groups.forEach((group, g) => {
    text(group.label, `/option_groups/${g}/label`, 75, fail, true);
    checkOptions(group.options, `/option_groups/${g}/options`, 100, fail);
  });
  return problems;
}

export function checkView(view: unknown): string[] {
  const v = view as Json | undefined;
  if (!v || typeof v !== 'object') return ['[ERROR] must be an object [json-pointer:/view]'];
  const problems: string[] = [];
  const fail = (pointer: string, message: string) => problems.push(`[ERROR] ${message} [json-pointer:${pointer}]`);
  const surface: Surface = v.type === 'home' ? 'home' : 'modal';
  if (v.type !== 'modal' && v.type !== 'home') fail('/view/type', 'must be modal or home');
  if (surface === 'modal') {
    text(v.title, '/view/title', 24, fail, true);
    if (v.submit) text(v.submit, '/view/submit', 24, fail, true);
    if (v.close) text(v.close, '/view/close', 24, fail, true);
    const hasInput = Array.isArray(v.blocks) && v.blocks.some((b: Json) => b?.type === 'input');
    if (hasInput && !v.submit) fail('/view/submit', 'is required when the view has input blocks');
  }
  if (String(v.private_metadata ?? '').length > 3000)
    fail('/view/private_metadata', 'must be less than 3001 characters');
  if (String(v.callback_id ?? '').length > 255) fail('/view/callback_id', 'must be less than 256 characters');
  if (String(v.external_id ?? '').length > 255) fail('/view/external_id', 'must be less than 256 characters');
  if (JSON.stringify(v).length > 250_000) fail('/view', 'must be smaller than 250 kB');
  return [...problems, ...checkBlocks(v.blocks ?? [], surface, '/view/blocks')];
}
