// Slack's mrkdwn, rendered to HTML the way Slack's client shows it. Used by the playground page
// (in the browser) and by its tests. The rules that matter for what the app sends:
// - `<…>` is always a control sequence: <@U…>, <#C…>, <!here>, <!channel>, <!everyone>,
//   <!subteam^S…>, <!date^…|fallback>, <http(s)://…|label>, <mailto:…|label>. Any other `<…>` is
//   not shown at all, even inside backticks; `&lt;` `&gt;` `&amp;` are the only escapes.
// - *bold*, _italic_ and ~strike~ need a boundary (start or end, whitespace or punctuation)
//   outside their markers and text right inside them; `code` and ```code blocks``` are literal.
// - a line that starts with `>` is a quote.

export type Names = { user?(id: string): string | undefined; channel?(id: string): string | undefined; timeZone?: string };

const html = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const decode = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Text shown for plain_text objects: nothing is parsed. */
export function renderPlain(text: string): string {
  return html(text);
}

// Control sequences become placeholders (private-use characters) while the rest is formatted,
// so that a label can never be re-read as formatting.
const HOLE = '\uE000';
const HOLE_END = '\uE001';
type Control = { html: string; label: string };

function control(inner: string, names: Names): Control | undefined {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : inner.slice(bar + 1);
  if (label !== undefined && label.includes('<')) return undefined; // links cannot nest
  const shown = (text: string, kind: string) => ({ html: `<span class="mention ${kind}">${html(text)}</span>`, label: text });
  if (/^@[UW][A-Z0-9]+$/.test(target)) return shown(`@${names.user?.(target.slice(1)) ?? decode(label ?? target.slice(1))}`, 'user');
  if (/^#[CGD][A-Z0-9]+$/.test(target)) return shown(`#${names.channel?.(target.slice(1)) ?? decode(label ?? target.slice(1))}`, 'channel');
  if (target === '!here' || target === '!channel' || target === '!everyone') return shown(`@${target.slice(1)}`, 'special');
  if (/^!subteam\^[A-Z0-9]+$/.test(target)) return shown(label ? decode(label) : `@${target.slice(9)}`, 'special');
  if (target.startsWith('!date^')) {
    const [, seconds, format, link] = target.split('^');
    const when = Number(seconds);
    // A format Slack cannot read (no token, or one it does not know) shows the fallback, as text.
    const readable = format && /\{\w+\}/.test(format) && [...format.matchAll(/\{(\w+)\}/g)].every((m) => DATE_TOKENS.includes(m[1]!));
    if (!readable || !Number.isFinite(when)) return label ? { html: html(decode(label)), label: decode(label) } : undefined;
    const text = formatDate(new Date(when * 1000), decode(format), names.timeZone);
    return { html: link ? `<a href="${html(decode(link))}">${html(text)}</a>` : `<span class="date">${html(text)}</span>`, label: text };
  }
  if (/^(https?:\/\/|mailto:)/i.test(target)) {
    const text = decode(label ?? target);
    return { html: `<a href="${html(decode(target))}" target="_blank" rel="noreferrer">${html(text)}</a>`, label: text };
  }
  return undefined; // not a control sequence Slack knows: not shown
}

const DATE_TOKENS = ['date_num', 'date', 'date_short', 'date_long', 'date_pretty', 'date_short_pretty', 'date_long_pretty', 'time', 'time_secs', 'ago'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ordinal = (n: number) => `${n}${[11, 12, 13].includes(n % 100) ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/** Slack's <!date^…^{token}…> tokens, in the viewer's time zone. */
function formatDate(date: Date, format: string, timeZone = 'UTC'): string {
  const part = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-US', { timeZone, ...options }).format(date);
  const [year, month, day] = [Number(part({ year: 'numeric' })), Number(part({ month: 'numeric' })), Number(part({ day: 'numeric' }))];
  const weekday = DAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
  const today = new Date();
  const offsetDays = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())) / 86_400_000);
  const relative = offsetDays === 0 ? 'today' : offsetDays === 1 ? 'tomorrow' : offsetDays === -1 ? 'yesterday' : undefined;
  const long = `${MONTHS[month - 1]} ${ordinal(day)}, ${year}`;
  const short = `${MONTHS[month - 1]!.slice(0, 3)} ${day}, ${year}`;
  const tokens: Record<string, string> = {
    date_num: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    date: long,
    date_short: short,
    date_long: `${weekday}, ${long}`,
    date_pretty: relative ?? long,
    date_short_pretty: relative ?? short,
    date_long_pretty: relative ?? `${weekday}, ${long}`,
    time: part({ hour: 'numeric', minute: '2-digit' }),
    time_secs: part({ hour: 'numeric', minute: '2-digit', second: '2-digit' }),
  };
  return format.replace(/\{(\w+)\}/g, (whole, token: string) => tokens[token] ?? whole);
}

// Boundaries around *, _ and ~: ASCII whitespace or punctuation only. Japanese punctuation is
// not one: `*ラベル*（` shows its asterisks in Slack.
const EDGE = `\\s!-/:-@\\[-\`{-~${HOLE}${HOLE_END}`;
function emphasis(text: string, marker: string, tag: string): string {
  const m = marker === '*' ? '\\*' : marker;
  const pattern = new RegExp(`(^|[${EDGE}])${m}(?=[^\\s${m}])([^${m}\\n]*?[^\\s${m}])${m}(?=$|[${EDGE}])`, 'gm');
  return text.replace(pattern, (_all, before: string, inner: string) => `${before}<${tag}>${inner}</${tag}>`);
}

function restore(text: string, controls: Control[], asLabel: boolean): string {
  return text.replace(new RegExp(`${HOLE}(\\d+)${HOLE_END}`, 'g'), (_all, index: string) => {
    const found = controls[Number(index)]!;
    return asLabel ? html(found.label) : found.html;
  });
}

/** Renders mrkdwn text to HTML (inline; line breaks as <br>). */
export function renderMrkdwn(source: string, names: Names = {}): string {
  const controls: Control[] = [];
  const withHoles = source.replace(/<([^>]*)>/g, (_all, inner: string) => {
    const found = control(inner, names);
    if (!found) return '';
    controls.push(found);
    return `${HOLE}${controls.length - 1}${HOLE_END}`;
  });
  // Code first: its content is literal (control sequences show as their text).
  const codes: string[] = [];
  const stash = (rendered: string) => `${HOLE}c${codes.push(rendered) - 1}${HOLE_END}`;
  let text = withHoles
    .replace(/```\n?([\s\S]*?)```/g, (_all, code: string) => stash(`<pre class="code-block">${restore(html(decode(code)), controls, true)}</pre>`))
    .replace(/`([^`\n]+)`/g, (_all, code: string) => stash(`<code>${restore(html(decode(code)), controls, true)}</code>`));
  text = html(decode(text));
  text = emphasis(text, '*', 'b');
  text = emphasis(text, '_', 'i');
  text = emphasis(text, '~', 's');
  text = text
    .split('\n')
    .map((line) => (line.startsWith('&gt;') ? `<blockquote>${line.slice(4).replace(/^ /, '')}</blockquote>` : line))
    .join('\n')
    .replace(/<\/blockquote>\n<blockquote>/g, '<br>')
    .replace(/\n/g, '<br>');
  text = restore(text, controls, false);
  return text.replace(new RegExp(`${HOLE}c(\\d+)${HOLE_END}`, 'g'), (_all, index: string) => codes[Number(index)]!);
}

/**
 * Whom a mrkdwn text notifies beyond its readers: `<!here>`, `<!channel>`, `<!everyone>`, and, in
 * a text object without `verbatim: true`, the bare words `@here`, `@channel` and `@everyone`,
 * which Slack parses into the same mentions (as it turns bare URLs into links).
 */
export function broadcasts(source: string, verbatim: boolean): string[] {
  const found = [...source.matchAll(/<!(here|channel|everyone)(?:\|[^>]*)?>/g)].map((m) => m[1]!);
  if (!verbatim) found.push(...[...source.matchAll(/(?:^|[\s(])@(here|channel|everyone)\b/g)].map((m) => m[1]!));
  return found;
}
