// The playground page in headless Chromium, through whole flows, against tokenops started in
// playground mode (same process and port as the emulator). With SAVE_SCREENSHOTS=<dir> (npm run
// docs:screenshots) the main screens are saved there for the README.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startPlayground, type Playground } from '../../playground/start.js';
import { launchBrowser } from '../support/browser.js';
import { createRedisPrefix, createTestDatabase } from '../support/databases.js';

let playground: Playground;
let browser: Browser;
const cleanup: Array<() => Promise<void>> = [];
beforeAll(async () => {
  const [database, redis] = await Promise.all([createTestDatabase('tokenops_playground_test'), createRedisPrefix('tokenops-playground-')]);
  cleanup.push(database.drop, redis.clean);
  playground = await startPlayground({ PORT: '0', DATABASE_URL: database.url, REDIS_PREFIX: redis.prefix, LOG_LEVEL: 'warn' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await playground?.stop();
  for (const step of cleanup) await step();
});

const screenshots = process.env.SAVE_SCREENSHOTS;
async function shot(page: Page, name: string) {
  if (screenshots) await page.screenshot({ path: `${screenshots}/${name}.png` });
}

async function open(user: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(`${playground.url.replace('localhost', '127.0.0.1')}?user=${user}`);
  await page.waitForSelector('#composer');
  return page;
}

async function type(page: Page, text: string) {
  await page.fill('#composer', text);
  await page.press('#composer', 'Enter');
}

const input = (page: Page, blockId: string) => page.locator(`.modal [data-block-id="${blockId}"]`);

const SECRET = /tko_[A-Za-z0-9_-]{20,}/;

async function createToken(page: Page, label: string, options: { pastDateFirst?: boolean } = {}) {
  await type(page, '/token create');
  await page.waitForSelector('.modal');
  await input(page, 'owner').locator('select').selectOption({ index: 1 });
  await input(page, 'scopes').locator('select').selectOption({ index: 0 });
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
  await page.click('#nav-dm');
  const message = page.locator('.message', { hasText: label }).last();
  await message.waitFor();
  const text = await message.innerText();
  return { secret: SECRET.exec(text)![0], id: /tok_[A-Za-z0-9]+/.exec(text)![0] };
}

async function verify(page: Page, secret: string): Promise<{ status: string; body: { code: string } }> {
  await page.fill('#verify-secret', secret);
  await page.click('#verify');
  const answer = await page.locator('#verify-answer').innerText();
  const [status, ...json] = answer.split('\n');
  return { status: status!, body: JSON.parse(json.join('\n')) };
}

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
    await expect(page.locator('.ephemeral', { hasText: 'is in your direct messages' }).innerText()).resolves.toContain('Only visible to you');
    const { secret } = await secretFromDm(page, 'Storefront');
    await shot(page, 'secret-dm');
    expect((await verify(page, secret)).body.code).toBe('VALID');
    // The page shows its verification key, and a curl line that works from a terminal.
    const key = await page.locator('#verify-key').innerText();
    expect(await page.locator('#verify-curl').innerText()).toContain(`Bearer ${key}`);
    const answer = await fetch(`${playground.url.replace('/playground', '')}/v1/tokens/verify`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ token: secret }) });
    expect(((await answer.json()) as { code: string }).code).toBe('VALID');
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
    const list = page.locator('.message', { hasText: 'Your tokens' }).last();
    await list.waitFor();
    await expect(list.innerText()).resolves.toContain('Partner feed');
    await expect(list.innerText()).resolves.not.toContain('Storefront');
    await shot(page, 'list');
    await list.locator('select').first().selectOption({ label: 'Any status' }).catch(() => undefined);
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
    if (await hana.locator('#confirm-yes').isVisible().catch(() => false)) await hana.click('#confirm-yes');
    const outcome = hana.locator('.message', { hasText: 'Approved by' });
    await outcome.waitFor();
    // Emoji codes drawn as Slack draws them, from Slack's own emoji names.
    await expect(outcome.locator('.emoji').first().innerText()).resolves.toBe('⛔');
    await expect(outcome.innerText()).resolves.not.toMatch(/:[a-z_]+:/);
    expect((await verify(hana, secret)).body.code).toBe('REVOKED');
    await shot(hana, 'approved');
    await hana.close();
  });

  it('creates a token in Japanese for an admin whose Slack language is Japanese', async () => {
    const page = await open('U0PGJAPAN1');
    // The playground's own words follow the user's Slack language too.
    await expect(page.locator('.banner').innerText()).resolves.toContain('ローカルのプレイグラウンド');
    await expect(page.locator('#nav-dm').innerText()).resolves.toBe('tokenops — メッセージ');
    await expect(page.locator('.sidebar').innerText()).resolves.toContain('検証 API');
    await expect(page.locator('.sidebar').innerText()).resolves.not.toMatch(/Verification API|Clock|Tools/);
    await type(page, '/token create');
    await page.waitForSelector('.modal');
    const title = await page.locator('.modal-title').innerText();
    expect(title).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    // Slack's own placeholders, in Japanese.
    await expect(input(page, 'api_version').locator('option[value=""]').innerText()).resolves.toBe('選択してください');
    await expect(input(page, 'primary_contact').locator('option[value=""]').innerText()).resolves.toBe('メンバーを選択してください');
    await shot(page, 'create-modal-ja');
    await page.click('#modal-close');
    await page.waitForSelector('.modal', { state: 'detached' });
    await createToken(page, '在庫連携');
    const { secret, id } = await secretFromDm(page, '在庫連携');
    await expect(page.locator('.message', { hasText: '在庫連携' }).last().innerText()).resolves.toMatch(/[\u3040-\u30ff]/);
    await expect(page.locator('.ephemeral .only-you').last().innerText()).resolves.toContain('あなただけに表示されています');
    expect((await verify(page, secret)).body.code).toBe('VALID');

    // A date in a message: in Japanese, in Yuki's time zone (Tokyo), "tomorrow" from her own date.
    const tokyoTime = (at: number) => new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', hour: 'numeric', minute: '2-digit' }).format(at + 86_400_000);
    const before = Date.now();
    await page.click('text=# general');
    await type(page, `/token reset ${id} 24h`);
    await page.click('#nav-dm');
    const note = page.locator('.message', { hasText: '在庫連携' }).last().locator('.date');
    await note.waitFor();
    const shown = await note.innerText();
    expect([`明日 ${tokyoTime(before)}`, `明日 ${tokyoTime(Date.now())}`]).toContain(shown);
    await page.close();
  });

  it('shows the App Home, and moves the clock forward to bring expiry reminders', async () => {
    const page = await open('U0PGADMIN1');
    await page.click('#nav-home');
    await page.locator('.home .block').first().waitFor();
    await shot(page, 'home');
    await page.fill('#clock-days', '85');
    await page.click('#clock-forward');
    await page.locator('text=85 days ahead').waitFor();
    await page.click('#nav-dm');
    // Storefront was created for the default 90 days: 85 days on, the 7-day reminder is due.
    await page.locator('.message', { hasText: /Storefront.*(expires|stops working) in \d+ days?/ }).first().waitFor({ timeout: 20_000 });
    await shot(page, 'reminder');
    await page.close();
  });
});
