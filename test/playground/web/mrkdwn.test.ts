// mrkdwn as Slack shows it: the table the playground's rendering (and so what testers see of
// the app's messages) must follow.
import { describe, expect, it } from 'vitest';
import { renderMrkdwn, renderPlain } from '../../../src/playground/web/mrkdwn.js';

const names = { user: (id: string) => ({ U0ALICE001: 'alice' })[id], channel: (id: string) => ({ C0GENERAL1: 'general' })[id] };
const render = (text: string) => renderMrkdwn(text, { ...names, timeZone: 'UTC' });

describe('mrkdwn', () => {
  it.each([
    // control sequences
    ['hi <@U0ALICE001>', 'hi <span class="mention user">@alice</span>'],
    ['<@U0BOB00001|bob>', '<span class="mention user">@bob</span>'],
    ['in <#C0GENERAL1>', 'in <span class="mention channel">#general</span>'],
    ['<!here> and <!channel>', '<span class="mention special">@here</span> and <span class="mention special">@channel</span>'],
    ['<!subteam^S0ADMINS|@admins>', '<span class="mention special">@admins</span>'],
    ['<https://example.com/a_b_c|the *docs*>', '<a href="https://example.com/a_b_c" target="_blank" rel="noreferrer">the *docs*</a>'],
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
    ['<!date^00000000^{_}|*>x<!date^00000000^{_}|*>', '*x*'],
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
});
