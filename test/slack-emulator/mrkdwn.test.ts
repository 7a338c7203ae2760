// mrkdwn as Slack shows it: the table the playground's rendering (and so what testers see of
// the app's messages) must follow.
import { describe, expect, it } from 'vitest';
import { renderMrkdwn, renderPlain } from '@tokenops/slack-emulator/mrkdwn';

const names = {
  user: (id: string) => ({ U0ALICE001: 'alice' })[id],
  channel: (id: string) => ({ C0GENERAL1: 'general' })[id],
};
const render = (text: string) => renderMrkdwn(text, { ...names, timeZone: 'UTC' });

describe('mrkdwn', () => {
  it.each([
    // control sequences
    ['hi <@U0ALICE001>', 'hi <span class="mention user">@alice</span>'],
    ['<@U0BOB00001|bob>', '<span class="mention user">@bob</span>'],
    ['in <#C0GENERAL1>', 'in <span class="mention channel">#general</span>'],
    [
      '<!here> and <!channel>',
      '<span class="mention special">@here</span> and <span class="mention special">@channel</span>',
    ],
    ['<!subteam^S0ADMINS|@admins>', '<span class="mention special">@admins</span>'],
    [
      '<https://example.com/a_b_c|the *docs*>',
      '<a href="https://example.com/a_b_c" target="_blank" rel="noreferrer">the *docs*</a>',
    ],
    ['<mailto:a@example.com|mail>', '<a href="mailto:a@example.com" target="_blank" rel="noreferrer">mail</a>'],
    ['<!date^1767225600^{date_num} {date_short}|Jan 1>', '<span class="date">2026-01-01 Jan 1, 2026</span>'],
    // anything else in angle brackets is not shown, even inside backticks
    ['show <id>', 'show '],
    ['`/token show <id>`', '<code>/token show </code>'],
    ['map<string,string>', 'map'],
    ['see <https://x.test|<#C0GENERAL1>> here', 'see &gt; here'],
    // the escapes
    ['`show &lt;id&gt;` &amp; more', '<code>show &lt;id&gt;</code> &amp; more'],
    ['a & b', 'a &amp; b'],
    // emphasis needs boundaries
    ['*bold* _it_ ~gone~', '<b>bold</b> <i>it</i> <s>gone</s>'],
    ['a_b_c and 2*3*4', 'a_b_c and 2*3*4'],
    ['(*x*)', '(<b>x</b>)'],
    ['* not bold *', '* not bold *'],
    ['値は*ラベル*です', '値は*ラベル*です'],
    ['値は *ラベル* です', '値は <b>ラベル</b> です'],
    // Japanese punctuation is no boundary: Slack shows these asterisks
    ['「*ラベル*」を作成', '「*ラベル*」を作成'],
    ['*ラベル*（`x`）', '*ラベル*（<code>x</code>）'],
    // a date Slack cannot format shows its fallback as text: how people's text stays inert
    [
      '<!date^00000000^{_}|*>x<!date^00000000^{_}|*>',
      '<span class="mention date">*</span>x<span class="mention date">*</span>',
    ],
    // code is literal
    ['`*not bold*`', '<code>*not bold*</code>'],
    ['```\nline *1*\n<@U0ALICE001>\n```', '<pre class="code-block">line *1*\n@alice\n</pre>'],
    // quotes and line breaks
    ['&gt; quoted\nplain', '<blockquote>quoted</blockquote><br>plain'],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  it('shows plain_text as typed, and never lets text become markup', () => {
    expect(renderPlain('<b>*x*</b>')).toBe('&lt;b&gt;*x*&lt;/b&gt;');
    expect(render('<https://x.test|"><script>>')).not.toContain('<script>');
    expect(render('&lt;img src=x onerror=1&gt;')).toBe('&lt;img src=x onerror=1&gt;');
  });

  it('writes dates in the viewer’s language and time zone, today and tomorrow from the viewer’s own date', () => {
    const at = (iso: string, format: string) => `<!date^${Date.parse(iso) / 1000}^${format}|fallback>`;
    const tokyo = (now: string, locale = 'ja-JP') => ({ timeZone: 'Asia/Tokyo', locale, now: new Date(now) });
    const text = (source: string, names: Parameters<typeof renderMrkdwn>[1]) =>
      renderMrkdwn(source, names).replace(/<[^>]+>/g, '');
    // 08:00 on Jan 2 in Tokyo (still Jan 1 in UTC): an event at 10:00 Tokyo time is today, not tomorrow.
    expect(text(at('2026-01-02T01:00:00Z', '{date_short_pretty} {time}'), tokyo('2026-01-01T23:00:00Z'))).toBe(
      '今日 10:00',
    );
    expect(text(at('2026-01-02T01:00:00Z', '{date_short_pretty} {time}'), tokyo('2026-01-01T23:00:00Z', 'en-US'))).toBe(
      'today 10:00 AM',
    );
    // Just past midnight in Tokyo: an event half an hour ago is today there, though tomorrow by the UTC date.
    expect(text(at('2026-01-01T15:30:00Z', '{date_pretty} {time}'), tokyo('2026-01-01T16:00:00Z'))).toBe('今日 0:30');
    expect(text(at('2026-01-03T01:00:00Z', '{date_short_pretty}'), tokyo('2026-01-01T23:00:00Z'))).toBe('明日');
    expect(text(at('2026-01-01T01:00:00Z', '{date_short_pretty}'), tokyo('2026-01-01T23:00:00Z'))).toBe('昨日');
    expect(text(at('2026-01-01T15:30:00Z', '{date_long}'), tokyo('2026-03-01T00:00:00Z'))).toBe('2026年1月2日金曜日');
    expect(text(at('2026-01-01T15:30:00Z', '{date_short}'), tokyo('2026-03-01T00:00:00Z'))).toBe('2026年1月2日');
    expect(text(at('2026-01-01T15:30:00Z', '{date_long} {time}'), tokyo('2026-03-01T00:00:00Z', 'en-US'))).toBe(
      'Friday, January 2nd, 2026 12:30 AM',
    );
    expect(text(at('2026-01-01T14:00:00Z', '{ago}'), tokyo('2026-01-01T16:00:00Z'))).toBe('2 時間前');
    expect(text(at('2026-01-01T14:00:00Z', '{ago}'), tokyo('2026-01-01T16:00:00Z', 'en-US'))).toBe('2 hours ago');
  });

  it('draws emoji codes Slack knows, outside code, and leaves other colons alone', () => {
    const emoji = (name: string) => ({ bell: '🔔', hourglass_flowing_sand: '⏳', '+1': '👍' })[name];
    const shown = (source: string) => renderMrkdwn(source, { emoji });
    expect(shown(':bell: *due*')).toBe('<span class="emoji" title=":bell:">🔔</span> <b>due</b>');
    expect(shown(':hourglass_flowing_sand::+1:')).toBe(
      '<span class="emoji" title=":hourglass_flowing_sand:">⏳</span><span class="emoji" title=":+1:">👍</span>',
    );
    expect(shown('at 10:30:45 :not_an_emoji: `:bell:`')).toBe('at 10:30:45 :not_an_emoji: <code>:bell:</code>');
    expect(renderPlain('Keep :bell:', { emoji })).toBe('Keep <span class="emoji" title=":bell:">🔔</span>');
    expect(renderPlain('Keep :bell:', { emoji }, false)).toBe('Keep :bell:');
  });
});
