// The playground page in headless Chromium, through whole flows, against tokenops started in
// playground mode (same process and port as the emulator). With SAVE_SCREENSHOTS=<dir> (npm run
// docs:screenshots) the main screens are saved there for the README, every kind of message also
// in Japanese (*-ja.png), and the e-mails as text (emails.txt). The tests run in order: later ones
// use the tokens and the clock of earlier ones.
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { changeEmail, leakEmail, reminderEmail } from '../../src/email/messages.js';
import { launchBrowser } from '../support/browser.js';
import { usePlayground } from '../support/playground.js';

const YUKI = 'U0PGJAPAN1'; // Japanese Slack locale, admin of acme
let browser: Browser;
const site = usePlayground('tokenops_playground_test', 'warn');
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const screenshots = process.env.SAVE_SCREENSHOTS;
async function shot(page: Page, name: string) {
  if (screenshots) await page.screenshot({ path: `${screenshots}/${name}.png` });
}

/** The conversation with tokenops (the sidebar's last entry, whatever the page's language). */
const openDm = (page: Page) => page.locator('.sidebar button.nav').last().click();
const openChannel = (page: Page, name: string) => page.locator('.sidebar button.nav', { hasText: `# ${name}` }).click();

/** The last message with `text` (and an element matching `has`), once it is there, scrolled into view. */
async function shown(page: Page, text: string | RegExp, has?: string) {
  const message = page.locator('.message', { hasText: text, ...(has ? { has: page.locator(has) } : {}) }).last();
  await message.waitFor({ timeout: 20_000 });
  await message.scrollIntoViewIfNeeded();
  return message;
}

/** Japanese as read: kana in it, and no English sentence (three English words in a row). */
async function expectJapanese(message: ReturnType<Page['locator']>) {
  const text = await message.innerText();
  expect(text).toMatch(/[\u3040-\u30ff]/);
  expect(
    text.replace(/tokenops APP|Only visible to you|tok_[A-Za-z0-9]+|https?:\S+|`[^`]*`|\/token[^\n]*/g, ''),
  ).not.toMatch(/\b[A-Za-z]+ [a-z]+ [a-z]+\b/);
}

async function open(user: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${site.playground.url.replace('localhost', '127.0.0.1')}?user=${user}`);
  await page.waitForSelector('#composer');
  return page;
}

/** Says yes to the confirmation dialog a button opened, if it opened one. */
async function confirmIfAsked(page: Page) {
  if (
    await page
      .locator('#confirm-yes')
      .isVisible()
      .catch(() => false)
  )
    await page.click('#confirm-yes');
}

async function type(page: Page, text: string) {
  await page.fill('#composer', text);
  await page.press('#composer', 'Enter');
}

const input = (page: Page, blockId: string) => page.locator(`.modal [data-block-id="${blockId}"]`);

const SECRET = /tko_[A-Za-z0-9_-]{20,}/;

async function createToken(page: Page, label: string, options: { pastDateFirst?: boolean; allowedIps?: string } = {}) {
  await type(page, '/token create');
  await page.waitForSelector('.modal');
  await input(page, 'owner').locator('select').selectOption({ index: 1 });
  await input(page, 'scopes').locator('select').selectOption({ index: 0 });
  if (options.allowedIps) await input(page, 'allowed_ips').locator('textarea').fill(options.allowedIps);
  if (options.pastDateFirst) {
    // A required field left empty is caught by the client, as in Slack...
    await page.click('#modal-submit');
    await expect(input(page, 'label').locator('.field-error').innerText()).resolves.toBeTruthy();
    await input(page, 'label').locator('input').fill(label);
    // ...and the app's own validation comes back under the field it concerns.
    await input(page, 'expiry_date').locator('input').fill('2020-01-01');
    await page.click('#modal-submit');
    await page.waitForSelector('.modal [data-block-id="expiry_date"] .field-error');
    await shot(page, 'create-validation');
    await input(page, 'expiry_date').locator('input').fill('');
  } else {
    await input(page, 'label').locator('input').fill(label);
  }
  await page.click('#modal-submit');
  await page.waitForSelector('.modal', { state: 'detached' });
}

/** The secret from the user's DM with tokenops, and the token's display id. */
async function secretFromDm(page: Page, label: string): Promise<{ secret: string; id: string }> {
  await openDm(page);
  const message = page.locator('.message', { hasText: label }).last();
  await message.waitFor();
  const text = await message.innerText();
  return { secret: SECRET.exec(text)![0], id: /tok_[A-Za-z0-9]+/.exec(text)![0] };
}

type Verified = {
  status: string;
  body: { code: string; missingScopes?: string[] };
  /** The request body the page sent, as sent. */
  sent: string;
};

/** Verifies `secret` from the page's panel: the answer shown for this request (not an earlier one's).
 *  `ip` and `scopes`, when given, replace what the panel's boxes hold ('' empties them). */
async function verify(page: Page, secret: string, call: { ip?: string; scopes?: string } = {}): Promise<Verified> {
  await page.fill('#verify-secret', secret);
  if (call.ip !== undefined) await page.fill('#verify-ip', call.ip);
  if (call.scopes !== undefined) await page.fill('#verify-scopes', call.scopes);
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/tokens/verify'),
    page.click('#verify'),
  ]);
  const body = (await response.json()) as Verified['body'];
  const status = `HTTP ${response.status()}`;
  await expect
    .poll(() => page.locator('#verify-answer').innerText())
    .toBe(`${status}\n${JSON.stringify(body, null, 2)}`);
  return { status, body, sent: response.request().postData()! };
}

let japaneseToken = '';

describe('the playground page', () => {
  it('shows the banner and the seeded example, so that /token create works at once', async () => {
    const page = await open('U0PGADMIN1');
    await expect(page.locator('.banner').innerText()).resolves.toContain('SLACK_BOT_TOKEN');
    await expect(page.locator('.banner').innerText()).resolves.toContain('organization acme');
    await type(page, '/token create');
    await page.waitForSelector('.modal');
    await expect(page.locator('.modal-title').innerText()).resolves.toContain('Create a token');
    await expect(input(page, 'owner').locator('select').innerText()).resolves.toContain('acme');
    await shot(page, 'create-modal');
    await page.click('#modal-close');
    await page.close();
  });

  it('creates a token: errors under the field, then the secret once in the DM; verification says VALID', async () => {
    const page = await open('U0PGADMIN1');
    await createToken(page, 'Storefront', { pastDateFirst: true });
    await expect(page.locator('.ephemeral', { hasText: 'is in your direct messages' }).innerText()).resolves.toContain(
      'Only visible to you',
    );
    const { secret } = await secretFromDm(page, 'Storefront');
    await shot(page, 'secret-dm');
    expect((await verify(page, secret)).body.code).toBe('VALID');
    // The page shows its verification key, and a curl line that works from a terminal.
    const key = await page.locator('#verify-key').innerText();
    expect(await page.locator('#verify-curl').innerText()).toContain(`Bearer ${key}`);
    const answer = await fetch(`${site.playground.url.replace('/playground', '')}/v1/tokens/verify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ token: secret }),
    });
    expect(((await answer.json()) as { code: string }).code).toBe('VALID');
    await page.close();
  });

  it('verifies with the client IP and the scopes a call needs: FORBIDDEN, VALID, INSUFFICIENT_SCOPE', async () => {
    const page = await open('U0PGADMIN1');
    await createToken(page, 'Office only', { allowedIps: '203.0.113.0/24' });
    const { secret } = await secretFromDm(page, 'Office only');
    await expect(page.locator('label[for="verify-ip"]').innerText()).resolves.toBe('Client IP (optional)');
    await expect(page.locator('label[for="verify-scopes"]').innerText()).resolves.toBe(
      'Scopes needed (optional, separated by spaces or commas)',
    );
    /** The curl line sends exactly the body the page sent. */
    const expectCurlSends = async (sent: string) => {
      const curl = await page.locator('#verify-curl').innerText();
      expect(curl.slice(curl.lastIndexOf(' -d '))).toBe(` -d '${sent}'`);
    };

    // Blank boxes add nothing to the request: with no address, an allow-list lets nobody in.
    const blank = await verify(page, secret, { ip: '  ', scopes: ' , ' });
    expect(JSON.parse(blank.sent)).toEqual({ token: secret });
    expect(blank.body.code).toBe('FORBIDDEN');
    await expectCurlSends(blank.sent);

    const outside = await verify(page, secret, { ip: ' 198.51.100.7 ', scopes: '' });
    expect(JSON.parse(outside.sent)).toEqual({ token: secret, ip: '198.51.100.7' });
    expect(outside.body.code).toBe('FORBIDDEN');
    await expectCurlSends(outside.sent);

    const inside = await verify(page, secret, { ip: '203.0.113.9', scopes: 'orders:read' });
    expect(JSON.parse(inside.sent)).toEqual({ token: secret, ip: '203.0.113.9', scopes: ['orders:read'] });
    expect(inside.body.code).toBe('VALID');
    await expectCurlSends(inside.sent);

    // Scopes separated by commas and spaces; the token has only orders:read.
    const lacking = await verify(page, secret, {
      ip: '203.0.113.9',
      scopes: 'orders:read, orders:write,,customers:read',
    });
    expect(JSON.parse(lacking.sent)).toEqual({
      token: secret,
      ip: '203.0.113.9',
      scopes: ['orders:read', 'orders:write', 'customers:read'],
    });
    expect(lacking.body).toMatchObject({
      code: 'INSUFFICIENT_SCOPE',
      missingScopes: ['orders:write', 'customers:read'],
    });
    await expectCurlSends(lacking.sent);
    await expect(page.locator('#verify-curl').innerText()).resolves.toContain('"ip":"203.0.113.9"');

    // The line works from a terminal as it stands: the same request, the same answer.
    const key = await page.locator('#verify-key').innerText();
    const answer = await fetch(`${site.playground.url.replace('/playground', '')}/v1/tokens/verify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: /-d '(.*)'$/.exec(await page.locator('#verify-curl').innerText())![1],
    });
    expect(await answer.json()).toMatchObject({
      code: 'INSUFFICIENT_SCOPE',
      missingScopes: ['orders:write', 'customers:read'],
    });
    await page.close();
  });

  it('drops ephemeral messages (the secret included) on reload and navigation, as Slack does', async () => {
    const page = await open('U0PGADMIN1');
    await createToken(page, 'Short lived');
    await page.locator('.ephemeral', { hasText: 'Short lived' }).first().waitFor();
    await secretFromDm(page, 'Short lived');
    // Moving between places of the same page keeps them, as Slack's client does.
    await page.click('text=# general');
    await page.click('#nav-dm');
    await expect(page.locator('#messages').innerText()).resolves.toMatch(SECRET);

    const dmAfter = async () => {
      await page.waitForSelector('#composer');
      await page.click('#nav-dm');
      await page.locator('.header', { hasText: 'tokenops' }).waitFor();
      return page.locator('#messages').innerText();
    };
    await page.reload();
    await expect(dmAfter()).resolves.not.toMatch(SECRET);
    await page.click('text=# general');
    await expect(page.locator('#messages').innerText()).resolves.not.toContain('Short lived');
    await page.goto('about:blank');
    await page.goBack();
    await expect(dmAfter()).resolves.not.toMatch(SECRET);
    // Switching to another user and back is another client too.
    await page.selectOption('#user-switcher', 'U0PGADMIN2');
    await page.selectOption('#user-switcher', 'U0PGADMIN1');
    await expect(dmAfter()).resolves.not.toMatch(SECRET);
    await page.close();
  });

  it('lists and filters, then resets with a grace period: old and new secrets both work', async () => {
    const page = await open('U0PGADMIN1');
    await createToken(page, 'Partner feed');
    const first = await secretFromDm(page, 'Partner feed');
    await page.click('text=# general');
    await type(page, '/token list partner');
    const list = page.locator('.message', { hasText: /Your (only token|\d+ tokens|tokens? \d)/ }).last();
    await list.waitFor();
    await expect(list.innerText()).resolves.toContain('Partner feed');
    await expect(list.innerText()).resolves.not.toContain('Storefront');
    await shot(page, 'list');
    await list
      .locator('select')
      .first()
      .selectOption({ label: 'Any status' })
      .catch(() => undefined);
    await type(page, `/token reset ${first.id} 24h`);
    await page.click('#nav-dm');
    await page.locator('.message', { hasText: 'keeps working until' }).waitFor();
    const texts = await page.locator('.message', { hasText: 'Partner feed' }).allInnerTexts();
    const secrets = texts.map((text) => SECRET.exec(text)?.[0]).filter(Boolean);
    expect(new Set(secrets).size).toBe(2);
    expect((await verify(page, first.secret)).body.code).toBe('VALID');
    expect((await verify(page, secrets[secrets.length - 1]!)).body.code).toBe('VALID');
    await page.close();
  });

  it('revocation: requested by one admin, approved by the other; verification then says REVOKED', async () => {
    const alex = await open('U0PGADMIN1');
    await createToken(alex, 'Old integration');
    const { secret, id } = await secretFromDm(alex, 'Old integration');
    await alex.click('text=# general');
    await type(alex, `/token revoke ${id} no longer used`);
    await alex.locator('.message', { hasText: 'Asked for approval' }).waitFor();
    await alex.close();

    const hana = await open('U0PGADMIN2');
    await hana.click('text=# token-approvals');
    const request = hana.locator('.message', { hasText: id }).last();
    await request.waitFor();
    await shot(hana, 'approval-request');
    await request.locator('button', { hasText: 'Approve and revoke' }).click();
    await confirmIfAsked(hana);
    const outcome = hana.locator('.message', { hasText: 'Approved by' });
    await outcome.waitFor();
    // Emoji codes drawn as Slack draws them, from Slack's own emoji names.
    await expect(outcome.locator('.emoji').first().innerText()).resolves.toBe('⛔');
    await expect(outcome.innerText()).resolves.not.toMatch(/:[a-z_]+:/);
    expect((await verify(hana, secret)).body.code).toBe('REVOKED');
    await shot(hana, 'approved');
    await hana.close();
  });

  it('token request: Dev (no role) asks, Hana approves, Dev gets the secret once', async () => {
    const dev = await open('U0PGDEVEL1');
    await dev.click('text=# general');
    await type(dev, '/token request');
    await dev.waitForSelector('.modal');
    await input(dev, 'owner').locator('select').selectOption('org:acme');
    await input(dev, 'scopes').locator('select').selectOption({ index: 0 });
    await input(dev, 'label').locator('input').fill('Dev laptop');
    await input(dev, 'reason').locator('textarea, input').first().fill('Trying the orders API locally');
    await shot(dev, 'token-request-modal');
    await dev.click('#modal-submit');
    await dev.waitForSelector('.modal', { state: 'detached' });
    await dev.locator('.message', { hasText: 'Asked for approval' }).waitFor({ timeout: 20_000 });

    const hana = await open('U0PGADMIN2');
    await hana.click('text=# token-approvals');
    const request = await shown(hana, 'Token requested: Dev laptop');
    await shot(hana, 'token-request');
    await request.locator('button', { hasText: 'Approve' }).click();
    await shown(hana, 'Token request approved: Dev laptop');
    await shot(hana, 'token-request-approved');
    await hana.close();

    // The secret (ephemeral, in Dev's DM), then the outcome below it.
    await openDm(dev);
    const delivered = dev.locator('.message', { hasText: SECRET }).last();
    await delivered.waitFor({ timeout: 20_000 });
    await shown(dev, 'Your token request');
    await shot(dev, 'token-request-secret');
    expect((await verify(dev, SECRET.exec(await delivered.innerText())![0])).body.code).toBe('VALID');
    await dev.close();
  }, 60_000);

  it('creates a token in Japanese for an admin whose Slack language is Japanese', async () => {
    const page = await open('U0PGJAPAN1');
    // The playground's own words follow the user's Slack language too.
    await expect(page.locator('.banner').innerText()).resolves.toContain('ローカルのプレイグラウンド');
    await expect(page.locator('#nav-dm').innerText()).resolves.toBe('tokenops — メッセージ');
    await expect(page.locator('.sidebar').innerText()).resolves.toContain('検証 API');
    await expect(page.locator('.sidebar').innerText()).resolves.not.toMatch(/Verification API|Clock|Tools/);
    await expect(page.locator('label[for="verify-ip"]').innerText()).resolves.toBe('呼び出し元の IP（任意）');
    await expect(page.locator('label[for="verify-scopes"]').innerText()).resolves.toBe(
      '必要なスコープ（任意、スペースまたはカンマ区切り）',
    );
    await type(page, '/token create');
    await page.waitForSelector('.modal');
    const title = await page.locator('.modal-title').innerText();
    expect(title).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    // Slack's own placeholders, in Japanese.
    await expect(input(page, 'api_version').locator('option[value=""]').innerText()).resolves.toBe('選択してください');
    await expect(input(page, 'primary_contact').locator('option[value=""]').innerText()).resolves.toBe(
      'メンバーを選択してください',
    );
    await shot(page, 'create-modal-ja');
    await page.click('#modal-close');
    await page.waitForSelector('.modal', { state: 'detached' });
    await createToken(page, '在庫連携');
    const { secret, id } = await secretFromDm(page, '在庫連携');
    japaneseToken = id;
    await expectJapanese(await shown(page, '在庫連携'));
    await expect(page.locator('.ephemeral .only-you').last().innerText()).resolves.toContain(
      'あなただけに表示されています',
    );
    await shot(page, 'secret-dm-ja');
    expect((await verify(page, secret)).body.code).toBe('VALID');

    // A date in a message: in Japanese, in Yuki's time zone (Tokyo), "tomorrow" from her own date.
    const tokyoTime = (at: number) =>
      new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: 'numeric', minute: '2-digit' }).format(
        at + 86_400_000,
      );
    const before = Date.now();
    await page.click('text=# general');
    await type(page, `/token reset ${id} 24h`);
    await page.click('#nav-dm');
    const note = page.locator('.message', { hasText: '在庫連携' }).last().locator('.date');
    await note.waitFor();
    const noteText = await note.innerText();
    expect([`明日 ${tokyoTime(before)}`, `明日 ${tokyoTime(Date.now())}`]).toContain(noteText);
    await page.close();
  });

  it('speaks Japanese in help, the list, a token’s details and its history', async () => {
    const page = await open(YUKI);
    await openChannel(page, 'general');
    await type(page, '/token help');
    await expectJapanese(await shown(page, 'このヘルプを表示'));
    await shot(page, 'help-ja');
    await type(page, '/token list');
    await expectJapanese(await shown(page, 'トークン一覧'));
    await shot(page, 'list-ja');
    await type(page, `/token show ${japaneseToken}`);
    await expectJapanese(await shown(page, '作成日時')); // the details (the list has no creation date)
    await shot(page, 'show-ja');
    // A history with changes, refusals with their values, and a reset whose old secret still works.
    const steps: Array<[string, string]> = [
      [`extend ${japaneseToken} 2099-01-01`, '最長 365 日間'],
      [`upgrade ${japaneseToken} 2026-01`, 'すでに API バージョン 2026-01'],
      [`disable ${japaneseToken}`, 'を無効化しました'],
      [`enable ${japaneseToken}`, 'を再び有効化しました'],
      [`reset ${japaneseToken} 1h`, 'ダイレクトメッセージに送信しました'],
    ];
    for (const [command, answer] of steps) {
      await type(page, `/token ${command}`);
      await shown(page, answer);
    }
    await openChannel(page, 'general');
    await type(page, `/token audit ${japaneseToken}`);
    const history = await shown(page, `${japaneseToken} の操作履歴`);
    await expectJapanese(history);
    const text = await history.innerText();
    expect(text).toContain(
      'による有効期限の延長は拒否されました（理由：有効期間がポリシーの上限の 365 日間を超えています）。',
    );
    expect(text).toContain(
      'による API バージョンの変更は拒否されました（理由：すでに API バージョン 2026-01 を使用しています）。',
    );
    expect(text).toMatch(/以前のシークレットは .+ まで使えます）。/);
    expect(text).not.toMatch(/token\.[a-z]|（）/);
    await shot(page, 'audit-ja');
    await page.close();
  }, 60_000);

  it('asks for a revocation in Japanese and tells its outcome in Japanese', async () => {
    const yuki = await open(YUKI);
    await createToken(yuki, '旧バッチ連携');
    const { secret, id } = await secretFromDm(yuki, '旧バッチ連携');
    await openChannel(yuki, 'general');
    await type(yuki, `/token revoke ${id} 夜間バッチを廃止したため`);
    await expectJapanese(await shown(yuki, '申請先'));
    await openChannel(yuki, 'token-approvals');
    await shown(yuki, id);
    await shot(yuki, 'approval-request-ja');

    const hana = await open('U0PGADMIN2');
    await openChannel(hana, 'token-approvals');
    const request = await shown(hana, id);
    await request.locator('button[data-action-id="revocation_approve"]').click();
    await confirmIfAsked(hana);
    await expect.poll(async () => (await verify(hana, secret)).body.code).toBe('REVOKED');
    await hana.close();

    await openDm(yuki);
    const outcome = await shown(yuki, '承認しました');
    await expectJapanese(outcome);
    await expect(outcome.innerText()).resolves.toContain('トークンは取り消されました。');
    await shot(yuki, 'approved-ja');
    await yuki.close();
  }, 60_000);

  it('tells a Japanese admin of a leaked secret in Japanese', async () => {
    const page = await open(YUKI);
    await createToken(page, '検証用キー');
    const { secret } = await secretFromDm(page, '検証用キー');
    // As GitLab's revocation API reports it (the playground takes no real install's scanner keys).
    const label = await site.playground.tokenops.leaks.report({
      secret,
      reporter: 'gitlab',
      location: 'https://gitlab.example.com/acme/site/-/blob/main/.env',
    });
    expect(label).toBe('true_positive');
    const notice = await shown(page, '漏えいしました');
    await expectJapanese(notice);
    await expect(notice.innerText()).resolves.toContain(
      '（報告元：GitLab のシークレット検出、場所：https://gitlab.example.com/acme/site/-/blob/main/.env）',
    );
    await shot(page, 'leak-ja');
    await page.close();
  }, 60_000);

  it('shows the App Home, and moves the clock forward to bring expiry reminders', async () => {
    const page = await open('U0PGADMIN1');
    await page.click('#nav-home');
    await page.locator('.home .block').first().waitFor();
    await shot(page, 'home');
    await page.fill('#clock-days', '85');
    await page.click('#clock-forward');
    await page.locator('text=85 days ahead (since this start)').waitFor();
    await page.click('#nav-dm');
    // Storefront was created for the default 90 days: 85 days on, the 7-day reminder is due.
    await page
      .locator('.message', { hasText: /Storefront.*(expires|stops working) in \d+ days?/ })
      .first()
      .waitFor({ timeout: 20_000 });
    await shot(page, 'reminder');
    await page.close();
  });

  it('reminds a Japanese contact in Japanese, and asks whether the token is still needed', async () => {
    // 85 days on (the test above), 在庫連携 has a week left.
    const page = await open(YUKI);
    await openDm(page);
    const reminder = await shown(page, '在庫連携', 'button[data-action-id="reminder_extend"]');
    await expectJapanese(reminder);
    await shot(page, 'reminder-ja');
    // Extended from the reminder, in the Japanese form...
    await reminder.locator('button[data-action-id="reminder_extend"]').click();
    await page.waitForSelector('.modal');
    await expect(page.locator('.modal-title').innerText()).resolves.toContain('トークンを延長');
    await page.click('#modal-submit');
    await page.waitForSelector('.modal', { state: 'detached' });
    await shown(page, 'に延長しました');
    // ...and 91 days on, its primary contact is asked whether it is still needed.
    await page.fill('#clock-days', '6');
    await page.click('#clock-forward');
    const review = await shown(page, '在庫連携', 'button[data-action-id="review_keep"]');
    await expectJapanese(review);
    await shot(page, 'contact-review-ja');
    await page.close();
  }, 60_000);

  it('writes the e-mails developers get in English and Japanese', async () => {
    const token = await site.playground.tokenops.tokens.show(
      await site.playground.tokenops.tokens.actor(YUKI),
      japaneseToken,
    );
    const mails = [
      // Sent when the token enters each threshold: 7 days before its expiry, and just after it.
      reminderEmail(token, 7, new Date(token.expiresAt!.getTime() - 7 * 86_400_000)),
      reminderEmail(token, 0, new Date(token.expiresAt!.getTime() + 60_000)),
      ...['token.reset', 'token.disable', 'token.revoke', 'token.upgrade', 'token.extend', 'token.delete'].map(
        (action) => changeEmail(token, action),
      ),
      leakEmail(token, {
        reporter: 'gitlab',
        location: 'https://gitlab.example.com/acme/site/-/blob/main/.env',
        action: 'revoke',
      }),
    ];
    for (const mail of mails) expect(mail.text.split('\n---\n')[1]).toMatch(/[\u3040-\u30ff]/);
    if (screenshots)
      await writeFile(
        `${screenshots}/emails.txt`,
        mails
          .map((mail) => `Subject: ${mail.subject}\n\n${mail.text}`)
          .join('\n========================================\n\n'),
      );
  });
});
