// Every view, rendered with extreme data in both languages, stays within Slack's limits.
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../src/domain/catalog.js';
import type { Owner } from '../../src/domain/permissions.js';
import type { AuditEntry } from '../../src/domain/ports.js';
import type { Token } from '../../src/domain/tokens.js';
import { translator, type Language } from '../../src/i18n/index.js';
import { subcommands } from '../../src/slack/grammar.js';
import { createModal } from '../../src/slack/views/createModal.js';
import { editModal } from '../../src/slack/views/editModal.js';
import { helpMessage } from '../../src/slack/views/help.js';
import { homeView } from '../../src/slack/views/home.js';
import { listMessage, operationsFor, searchModal } from '../../src/slack/views/list.js';
import { question, secretMessage, tokenDetails } from '../../src/slack/views/token.js';
import { auditMessage } from '../../src/slack/views/audit.js';
import {
  answeredItem,
  DIGEST_SIZE,
  expiryReminder,
  reminderDigest,
  reviewRequest,
  type DigestItem,
} from '../../src/slack/views/reminder.js';
import { checkBlocks, checkView } from '@tokenops/slack-emulator';
import { emptyHome } from '../support/everyMessage.js';

const long = (n: number, char = 'x') => char.repeat(n);
const catalog: Catalog = {
  apiVersions: Array.from({ length: 30 }, (_, i) => `2026-${String(i).padStart(2, '0')}-${long(60, 'v')}`),
  latestVersion: `2026-29-${long(60, 'v')}`,
  categories: Array.from({ length: 4 }, (_, c) => ({
    name: `category${c}`,
    label: { en: long(75, 'C'), ja: long(75, '分') },
    scopes: Array.from({ length: 25 }, (_, s) => ({
      name: `scope${c}:${long(60, 's')}${s}`,
      description: { en: long(150, 'd'), ja: long(150, '説') },
    })),
  })),
  expiry: { defaultDays: 90, maxDays: 365, neverAllowedFor: ['acme'] },
  approvals: [],
};
const owners: Owner[] = Array.from({ length: 120 }, (_, i) => ({
  type: 'domain',
  organizationId: 'o',
  organizationSlug: 'acme',
  domainId: `d${i}`,
  domainName: `${long(60, 'n')}${i}.example.com`,
}));
const token: Token = {
  id: 'id',
  displayId: 'tok_AbCdEfGhIj',
  label: long(64, 'L'),
  description: long(500, '説'),
  owner: owners[0]!,
  apiVersion: catalog.latestVersion,
  scopes: catalog.categories.flatMap((c) => c.scopes.map((s) => s.name)),
  primaryContact: 'U0ALICE001',
  developerEmails: Array.from({ length: 10 }, (_, i) => `${long(50, 'e')}${i}@${long(40, 'x')}.example.com`),
  allowedIps: Array.from({ length: 50 }, (_, i) => `2001:db8:ffff:ffff:ffff:ffff:ffff:${i.toString(16)}/128`),
  rateLimit: '1000000/day',
  expiresAt: new Date('2027-01-01T00:00:00Z'),
  status: 'enabled',
  statusReason: null,
  createdBy: 'U0ALICE001',
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  lastUsedAt: null,
};
const audit: AuditEntry[] = Array.from({ length: 200 }, (_, i) => ({
  id: String(i),
  createdAt: new Date(),
  actor: 'U0ALICE001',
  action: 'token.edit',
  outcome: i % 2 ? 'ok' : 'refused',
  reason: 'not_permitted',
  changes: { label: { before: long(64), after: long(64) }, description: { before: '', after: '' } },
}));

/** A digest's reminders: expiries at each threshold, expired ones and reviews, with distinct ids. */
const now = new Date('2026-12-20T00:00:00Z'); // 12 days before the token's expiry
const digestItems = (n: number, label = token.label): DigestItem[] =>
  Array.from({ length: n }, (_, i) => ({
    token: { ...token, label, displayId: `tok_Digest${String(i).padStart(4, '0')}` },
    kind: i % 5 === 4 ? 'review' : 'expiry',
    threshold: [30, 7, 1, 0][i % 4]!,
  }));

describe.each<Language>(['en', 'ja'])('views in %s', (language) => {
  const t = translator(language);

  it('modals', () => {
    const create = createModal(t, language, {
      owners,
      catalog,
      callerId: 'U0ALICE001',
      metadata: { key: 'k'.repeat(36), channel: 'C0GENERAL1' },
    });
    expect(checkView(create)).toEqual([]);
    expect(
      checkView(
        editModal(t, language, token, catalog, {
          contact: token.primaryContact,
          metadata: {
            id: token.displayId,
            channel: 'C0GENERAL1',
            responseUrl: `https://hooks.slack.com/${long(200)}`,
            list: 'x'.repeat(36),
          },
        }),
      ),
    ).toEqual([]);
    // A scope the catalog has retired stays ticked, in a group of its own, so a save keeps it.
    const holding = { ...token, scopes: [...token.scopes, 'legacy:export'] };
    const edit = editModal(t, language, holding, catalog, { metadata: { id: token.displayId } });
    expect(checkView(edit)).toEqual([]);
    const scopes = (edit.blocks as any[]).find((b) => b.block_id === 'scopes').element;
    expect(scopes.option_groups.at(-1)).toMatchObject({
      label: { text: t('edit.retiredScopes') },
      options: [{ value: 'legacy:export' }],
    });
    expect(scopes.initial_options.map((o: any) => o.value)).toEqual(holding.scopes);
    // A catalog's default expiry that is no preset is offered, in order, and preselected.
    const odd = { ...catalog, expiry: { ...catalog.expiry, defaultDays: 45, maxDays: 180 } };
    const expiry = (create_: ReturnType<typeof createModal>) =>
      (create_.blocks as any[]).find((b) => b.block_id === 'expiry').element;
    const withOdd = expiry(
      createModal(t, language, { owners, catalog: odd, callerId: 'U0ALICE001', metadata: { key: 'k'.repeat(36) } }),
    );
    expect(withOdd.options.map((o: any) => o.value)).toEqual(['7d', '30d', '45d', '60d', '90d', '180d', 'never']);
    expect(withOdd.initial_option.value).toBe('45d');
    expect(
      checkView(
        searchModal(t, [long(200)], { stateId: 'x'.repeat(36), responseUrl: `https://hooks.slack.com/${long(200)}` }),
      ),
    ).toEqual([]);
  });

  it('messages', () => {
    const page = {
      tokens: Array.from({ length: 10 }, (_, i) => ({
        ...token,
        displayId: `tok_AbCdEfGh${String(i).padStart(2, '0')}`,
      })),
      start: 991,
      previous: true,
      next: true,
    };
    const filter = {
      words: [long(200)],
      status: 'enabled' as const,
      created: '30d' as const,
      organizationSlug: long(40),
      domainName: long(100),
    };
    for (const message of [
      helpMessage(t, subcommands, long(3000)),
      tokenDetails(t, token, 'enabled', {
        recentSince: new Date(),
        last24h: Object.fromEntries(
          ['VALID', 'DISABLED', 'REVOKED', 'EXPIRED', 'FORBIDDEN', 'INSUFFICIENT_SCOPE', 'RATE_LIMITED'].map((code) => [
            code,
            999_999_999,
          ]),
        ),
        last30d: Object.fromEntries(
          ['VALID', 'DISABLED', 'REVOKED', 'EXPIRED', 'FORBIDDEN', 'INSUFFICIENT_SCOPE', 'RATE_LIMITED'].map((code) => [
            code,
            999_999_999,
          ]),
        ),
        perDay: Array.from({ length: 30 }, (_, i) => i * 1_000_000),
        addresses: Array.from({ length: 5 }, (_, i) => ({
          ip: `2001:db8:ffff:ffff:ffff:ffff:ffff:${i}`,
          firstSeen: new Date(0),
          lastSeen: new Date(),
        })),
      }),
      secretMessage(t, token, `tko_${long(36, 'A')}`, long(300)),
      question(t, token, 'delete', [], 'x'.repeat(36)),
      question(t, token, 'reset', [], 'x'.repeat(36)),
      question(t, token, 'revoke', [long(500)], 'x'.repeat(36)),
      question(t, token, 'upgrade', [catalog.apiVersions[0]!], 'x'.repeat(36)),
      auditMessage(t, token.displayId, audit, new Date()),
      listMessage(t, page, { filter }, 'x'.repeat(36), () => 'enabled', new Date(), {
        notice: long(4000),
        question: { id: page.tokens[9]!.displayId, blocks: question(t, token, 'reset', [], 'x'.repeat(36)).blocks },
      }),
      reminderDigest(t, digestItems(DIGEST_SIZE, '*_~`<&'.repeat(11)), now), // every character escaped at length
    ]) {
      expect(checkBlocks(message.blocks, 'message')).toEqual([]);
      expect(message.text.length).toBeLessThanOrEqual(4000);
    }
  });

  it('the Home tab', () => {
    const many = Array.from({ length: 10 }, () => token);
    const pending = Array.from({ length: 12 }, (_, i) => ({
      label: long(64, '*'),
      request: {
        id: String(i),
        tokenId: 'id',
        displayId: token.displayId,
        requestedBy: 'U0ALICE001',
        reason: long(500, '_'),
        state: 'pending' as const,
        channelId: 'C0APPROVAL',
        messageTs: '1.2',
        decidedBy: null,
        decidedAt: null,
        outcomeReason: null,
        expiresAt: new Date(),
        createdAt: new Date(),
      },
    }));
    expect(
      checkView(
        homeView(t, {
          administers: true,
          expiring: many,
          expiringMore: true,
          disabled: many,
          disabledMore: true,
          statusOf: () => 'expired',
          pending,
          notice: long(4000),
        }),
      ),
    ).toEqual([]);
    expect(checkView(homeView(t, emptyHome))).toEqual([]);
  });
});

describe('the token list', () => {
  it('says a page past the end is empty because the list got shorter, not that there are no tokens', () => {
    const t = translator('en');
    const empty = { tokens: [], start: 1, previous: false, next: false };
    const past = listMessage(
      t,
      { ...empty, previous: true },
      { filter: {} },
      'x'.repeat(36),
      () => 'enabled',
      new Date(),
    );
    expect(past.text).toBe(t('list.pastEnd'));
    const none = listMessage(t, empty, { filter: {} }, 'x'.repeat(36), () => 'enabled', new Date());
    expect(none.text).toBe(t('list.empty', {}));
  });
});

describe('reminder digest', () => {
  const t = translator('en');

  it('reads as the single reminder when there is one', () => {
    const [expiring, , , , review] = digestItems(5);
    expect(reminderDigest(t, [expiring!], now)).toEqual(expiryReminder(t, expiring!.token, 30, now));
    expect(reminderDigest(t, [review!], now)).toEqual(reviewRequest(t, review!.token));
  });

  it('names every reminder once, most urgent first with buttons, the rest as lines', () => {
    const items = digestItems(DIGEST_SIZE);
    const message = reminderDigest(t, items, now);
    const json = JSON.stringify(message.blocks);
    for (const item of items)
      expect(json.split(item.token.displayId).length - 1, item.token.displayId).toBeGreaterThanOrEqual(1);
    const detailed = message.blocks.filter((b) => b.type === 'actions');
    expect(detailed.length).toBeGreaterThanOrEqual(14); // as many as the 50 blocks hold
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    expect(message.text).toBe(`:bell: ${DIGEST_SIZE} of your API tokens need your attention.`);
    const firstSection = JSON.stringify(message.blocks[2]);
    expect(firstSection).toContain('expired'); // threshold 0 comes first
    const lines = message.blocks
      .filter((b) => b.type === 'section')
      .slice(1 + detailed.length)
      .map((b) => JSON.stringify(b))
      .join();
    expect(lines).toContain('is it still needed?'); // reviews come last, as lines
  });
});

describe('reminders', () => {
  const [en, ja] = [translator('en'), translator('ja')];
  const at = (days: number) => ({ ...token, expiresAt: new Date(now.getTime() + days * 86_400_000) });

  it('state the time actually left, not the threshold that made them due, and offer Extend first', () => {
    const reminder = expiryReminder(en, at(25.4), 30, now);
    expect(reminder.text).toContain('expires in 25 days');
    expect(reminder.text).toContain(
      'Extend it to keep it working (a reset gives a new secret but does not move the expiry)',
    );
    expect(expiryReminder(ja, at(25.4), 30, now).text).toContain('有効期限まであと 25 日です');
    expect(expiryReminder(en, at(0.4), 1, now).text).toContain('expires in 10 hours');
    expect(expiryReminder(ja, at(0.01), 1, now).text).toContain('あと 1 時間未満です');
    expect((reminder.blocks[1] as { elements: Array<{ action_id: string }> }).elements.map((e) => e.action_id)).toEqual(
      ['reminder_extend', 'reminder_reset', 'reminder_show'],
    );
  });

  it('offer Extend on the expired notice and no reset, which would hand out a dead secret (nor does the list menu)', () => {
    expect(operationsFor('expired', 'enabled')).not.toContain('reset');
    expect(operationsFor('expired', 'enabled')).toContain('extend');
    expect(operationsFor('enabled', 'enabled')).toContain('reset');
    // An expired token that is disabled too is enabled from the menu (Disable would be refused).
    expect(operationsFor('expired', 'disabled')).toContain('enable');
    expect(operationsFor('expired', 'disabled')).not.toContain('disable');
    expect(operationsFor('expired', 'enabled')).toContain('disable');
    expect(expiryReminder(en, at(-0.1), 1, now)).toEqual(expiryReminder(en, at(-0.1), 0, now)); // sent late: what is true then
    const notice = expiryReminder(en, at(-1), 0, now);
    expect(notice.text).toContain('If it is still needed, extend it: the same secret works again.');
    expect((notice.blocks[1] as { elements: Array<{ action_id: string }> }).elements.map((e) => e.action_id)).toEqual([
      'reminder_extend',
      'reminder_show',
    ]);
  });

  it('ask a contact review without "Never" in the middle of a sentence', () => {
    expect(reviewRequest(en, token).text).toContain(
      `(\`${token.displayId}\`, Domain ${token.owner.type === 'domain' ? token.owner.domainName : ''}; never used). Is it still needed?`,
    );
    expect(reviewRequest(ja, token).text).toMatch(/^主担当者になっている「/);
    expect(reviewRequest(ja, token).text).toContain(
      'について確認させてください。このトークンはまだ一度も使われていません。今後も必要ですか？',
    );
  });

  it('change only the answered item of a digest, and say when all are answered', () => {
    const items = digestItems(3).map((item) => ({ ...item, kind: 'review' as const }));
    const digest = reminderDigest(en, items, now);
    const [a, b, c] = items.map((item) => item.token.displayId);
    const once = answeredItem(en, digest, { kind: 'review', id: b! }, 'Thanks: kept.')!;
    const text = JSON.stringify(once.blocks);
    expect(text).toContain('Thanks: kept.');
    expect(once.blocks.filter((block) => block.type === 'actions').map((block) => block.block_id)).toEqual([
      `reminder_actions:review:${a}`,
      `reminder_actions:review:${c}`,
    ]);
    expect(once.text).toBe(digest.text);
    expect(answeredItem(en, once, { kind: 'review', id: b! }, 'again')).toBeUndefined(); // answered already
    const all = answeredItem(
      en,
      answeredItem(en, once, { kind: 'review', id: a! }, 'Kept a.')!,
      { kind: 'review', id: c! },
      'Kept c.',
    )!;
    expect(all.text).toBe(':white_check_mark: Every reminder in this message has been answered.');
    expect(all.blocks.some((block) => block.type === 'actions')).toBe(false);
    expect(checkBlocks(all.blocks, 'message')).toEqual([]);
  });
});

describe('the edit form of an expired token', () => {
  it('labels its expiry as passed, not as the current one', () => {
    const expired: Token = { ...token, expiresAt: new Date('2026-10-06T03:16:00Z') };
    const label = (language: 'en' | 'ja', now: Date) =>
      (
        editModal(
          translator(language),
          language,
          expired,
          catalog,
          { metadata: { id: expired.displayId } },
          now,
        ).blocks.find((b) => b.block_id === 'expiry') as { label: { text: string } }
      ).label.text;
    expect(label('en', new Date('2026-12-06T00:00:00Z'))).toBe('New expiry (expired 2026-10-06 03:16 UTC)');
    expect(label('en', new Date('2026-10-01T00:00:00Z'))).toBe('New expiry (now 2026-10-06 03:16 UTC)');
    expect(label('ja', new Date('2026-12-06T00:00:00Z'))).toMatch(/^新しい有効期間\u3000期限切れ：/);
  });
});
