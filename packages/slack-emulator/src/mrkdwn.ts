// Slack's mrkdwn, rendered to HTML the way Slack's client shows it. Used by the playground page
// (in the browser), by the emulator (whom a message notifies) and by tests. The rules that
// matter for what the app sends:
// - `<…>` is always a control sequence: <@U…>, <#C…>, <!here>, <!channel>, <!everyone>,
//   <!subteam^S…>, <!date^…|fallback>, <http(s)://…|label>, <mailto:…|label>. Any other `<…>` is
//   not shown at all, even inside backticks; `&lt;` `&gt;` `&amp;` are the only escapes.
// - *bold*, _italic_ and ~strike~ need a boundary (start or end, whitespace or punctuation)
//   outside their markers and text right inside them; `code` and ```code blocks``` are literal.
// - a line that starts with `>` is a quote.
// - :name: is an emoji where the name is one of Slack's (outside code).
// - <!date> is written in the viewer's language and time zone; today and tomorrow are the viewer's.

/** Who and where the viewer is, and the names Slack knows. */
export type Names = {
  user?(id: string): string | undefined;
  channel?(id: string): string | undefined;
  /** The emoji Slack shows for a :short_name:. */
  emoji?(name: string): string | undefined;
  /** The viewer's time zone (IANA) and Slack locale (en-US, ja-JP). */
  timeZone?: string;
  locale?: string;
  /** The viewer's present (tests). */
  now?: Date;
};

const html = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const decode = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Text shown for plain_text objects: nothing is parsed but emoji (unless `emoji: false`). */
export function renderPlain(text: string, names: Names = {}, emoji = true): string {
  return emoji ? emojify(html(text), names) : html(text);
}

/** :short_name: as the emoji, for the names Slack knows; anything else stays as typed. */
export function withEmoji(text: string, names: Names, shown = (emoji: string, _code: string) => emoji): string {
  if (!names.emoji) return text;
  return text.replace(/:([a-z0-9_+'-]+):/g, (code, name: string) => {
    const emoji = names.emoji!(name);
    return emoji ? shown(emoji, code) : code;
  });
}
const emojify = (html: string, names: Names) =>
  withEmoji(html, names, (emoji, code) => `<span class="emoji" title="${code}">${emoji}</span>`);

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
  const shown = (text: string, kind: string) => ({
    html: `<span class="mention ${kind}">${html(text)}</span>`,
    label: text,
  });
  if (/^@[UW][A-Z0-9]+$/.test(target))
    return shown(`@${names.user?.(target.slice(1)) ?? decode(label ?? target.slice(1))}`, 'user');
  if (/^#[CGD][A-Z0-9]+$/.test(target))
    return shown(`#${names.channel?.(target.slice(1)) ?? decode(label ?? target.slice(1))}`, 'channel');
  if (target === '!here' || target === '!channel' || target === '!everyone')
    return shown(`@${target.slice(1)}`, 'special');
  if (/^!subteam\^[A-Z0-9]+$/.test(target)) return shown(label ? decode(label) : `@${target.slice(9)}`, 'special');
  if (target.startsWith('!date^')) {
    const [, seconds, format, link] = target.split('^');
    const when = Number(seconds);
    // A format Slack cannot read (no token, or one it does not know) shows the fallback, as text.
    const readable =
      format && /\{\w+\}/.test(format) && [...format.matchAll(/\{(\w+)\}/g)].every((m) => DATE_TOKENS.includes(m[1]!));
    if (!readable || !Number.isFinite(when)) return label ? shown(decode(label), 'date') : undefined;
    const text = formatDate(new Date(when * 1000), decode(format), names);
    return {
      html: link ? `<a href="${html(decode(link))}">${html(text)}</a>` : `<span class="date">${html(text)}</span>`,
      label: text,
    };
  }
  if (/^(https?:\/\/|mailto:)/i.test(target)) {
    const text = decode(label ?? target);
    return {
      html: `<a href="${html(decode(target))}" target="_blank" rel="noreferrer">${html(text)}</a>`,
      label: text,
    };
  }
  return undefined; // not a control sequence Slack knows: not shown
}

const DATE_TOKENS = [
  'date_num',
  'date',
  'date_short',
  'date_long',
  'date_pretty',
  'date_short_pretty',
  'date_long_pretty',
  'time',
  'time_secs',
  'ago',
];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ordinal = (n: number) =>
  `${n}${[11, 12, 13].includes(n % 100) ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/** Year, month and day of `date` on the calendar of `timeZone`. */
function calendarDay(date: Date, timeZone: string): [number, number, number] {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(date);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return [part('year'), part('month'), part('day')];
}

/** How long ago (or ahead) `date` is, in the largest whole unit, as Slack's {ago}. */
function ago(date: Date, now: Date, locale: string): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
    Math.abs(seconds) < 60
      ? [seconds, 'second']
      : Math.abs(seconds) < 3600
        ? [Math.round(seconds / 60), 'minute']
        : Math.abs(seconds) < 86_400
          ? [Math.round(seconds / 3600), 'hour']
          : [Math.round(seconds / 86_400), 'day'];
  return new Intl.RelativeTimeFormat(locale, { numeric: 'always' }).format(value, unit);
}

/** Slack's <!date^…^{token}…> tokens, in the viewer's language and time zone. */
function formatDate(date: Date, format: string, viewer: Names): string {
  const { timeZone = 'UTC', now = new Date() } = viewer;
  const english = !viewer.locale || viewer.locale.toLowerCase().startsWith('en');
  const locale = english ? 'en-US' : viewer.locale!;
  const local = (options: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(locale, { timeZone, ...options }).format(date);
  const [year, month, day] = calendarDay(date, timeZone);
  const [thisYear, thisMonth, today] = calendarDay(now, timeZone);
  const offsetDays = Math.round(
    (Date.UTC(year, month - 1, day) - Date.UTC(thisYear, thisMonth - 1, today)) / 86_400_000,
  );
  const relative =
    Math.abs(offsetDays) <= 1
      ? new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(offsetDays, 'day')
      : undefined;
  const weekday = DAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
  // English as Slack writes it (ordinals); other languages as their own calendar writes dates.
  const long = english
    ? `${MONTHS[month - 1]} ${ordinal(day)}, ${year}`
    : local({ year: 'numeric', month: 'long', day: 'numeric' });
  const short = english ? `${MONTHS[month - 1]!.slice(0, 3)} ${day}, ${year}` : long;
  const withWeekday = english
    ? `${weekday}, ${long}`
    : local({ year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' });
  const tokens: Record<string, string> = {
    date_num: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    date: long,
    date_short: short,
    date_long: withWeekday,
    date_pretty: relative ?? long,
    date_short_pretty: relative ?? short,
    date_long_pretty: relative ?? withWeekday,
    time: local({ hour: 'numeric', minute: '2-digit' }),
    time_secs: local({ hour: 'numeric', minute: '2-digit', second: '2-digit' }),
    ago: ago(date, now, locale),
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
    .replace(/```\n?([\s\S]*?)```/g, (_all, code: string) =>
      stash(`<pre class="code-block">${restore(html(decode(code)), controls, true)}</pre>`),
    )
    .replace(/`([^`\n]+)`/g, (_all, code: string) =>
      stash(`<code>${restore(html(decode(code)), controls, true)}</code>`),
    );
  text = html(decode(text));
  text = emphasis(text, '*', 'b');
  text = emphasis(text, '_', 'i');
  text = emphasis(text, '~', 's');
  text = emojify(text, names);
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
