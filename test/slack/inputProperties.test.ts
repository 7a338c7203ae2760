// Property-based: whatever a person (or a forger with the signing secret) sends, through the real
// Bolt receiver: an answer, never a 5xx, never an unexpected error, and nothing stored on refusal.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/testApp.js';
import { createFormValues } from '../support/slackForms.js';
import { USERS, seedTenants, tokenInput } from '../support/tenants.js';
import { survivesUtf8, utf16 } from '../support/utf16.js';
import { subcommands } from '../../src/slack/grammar.js';
import { en } from '../../src/i18n/en/index.js';

const app = useTestApp();
const tokenCount = async () => ((await app.sql('SELECT count(*)::int AS n FROM tokens')) as Array<{ n: number }>)[0]!.n;
/** The refusals middleware logs anything it could not explain to the person. */
const unexpected = () => app.logs.filter((line) => /"level":50/.test(line) || /slack listener failed/.test(line));

// Words that steer parsing somewhere interesting, mixed with arbitrary (also control and bidi) text.
const nasty = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    'tok_0000000000',
    'tko_' + 'A'.repeat(36),
    '<@U0ACMEADM1>',
    '<!here>',
    'status:',
    'created:9999d',
    'org:',
    'domain:',
    '\u0000',
    '\u202E',
    'toString',
    '__proto__',
    '{}',
    'null',
    '%00',
    '*_~`',
    '&lt;',
    'now',
    'never',
    '2026-02-30',
  ),
);
const commandText = fc
  .tuple(
    fc.constantFrom(...subcommands.map((s) => s.name), 'admin', 'ADMIN', 'nope', ''),
    fc.array(nasty, { maxLength: 5 }),
  )
  .map(([name, args]) => [name, ...args].join(' '));

let root: Awaited<ReturnType<typeof seedTenants>>['root'];
beforeAll(async () => {
  root = (await seedTenants(app.tokenops)).root;
});

describe('slash command text', () => {
  it('always gets an answer, never an unexpected error', async () => {
    const before = await tokenCount();
    await fc.assert(
      fc.asyncProperty(
        commandText,
        fc.constantFrom(USERS.acmeAdmin, USERS.nobody, USERS.workspaceAdmin),
        async (text, user) => {
          const response = await app.slack.command(user, text);
          expect(response.status).toBe(200);
        },
      ),
      { numRuns: 2000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 500)); // answers sent after the ack
    expect(unexpected()).toEqual([]);
    expect(await tokenCount()).toBe(before); // no command creates a token without the modal
  }, 120_000);
});

describe('create modal submissions, forged or not', () => {
  it('are either created or refused on the field, storing nothing when refused', async () => {
    const opened = app.fake.callsTo('views.open').length;
    await app.slack.command(USERS.acmeAdmin, 'create');
    const view = (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
    const field = fc.option(nasty, { nil: undefined });
    const form = fc.record({
      owner: fc.option(fc.constantFrom('org:acme', 'org:globex', 'domain:shop.acme.test', 'org:', 'x'), {
        nil: undefined,
      }),
      label: field,
      description: field,
      apiVersion: field,
      contact: fc.option(fc.constantFrom(USERS.acmeAdmin, 'U', 'bad', ''), { nil: undefined }),
      emails: field,
      scopes: fc.array(fc.oneof(fc.constantFrom('orders:read', 'products:read'), nasty), { maxLength: 3 }),
      expiry: fc.option(fc.constantFrom('7d', '30d', 'never', '0d', '-1d', '99999d', 'toString'), { nil: undefined }),
      expiryDate: fc.option(fc.oneof(fc.constantFrom('2026-02-30', '1999-01-01', '9999-12-31'), nasty), {
        nil: undefined,
      }),
    });
    await fc.assert(
      fc.asyncProperty(form, fc.option(nasty, { nil: undefined }), async (values, metadata) => {
        const before = await tokenCount();
        const submitted = metadata === undefined ? view : { ...view, private_metadata: metadata };
        const response = await app.slack.viewSubmission(USERS.acmeAdmin, submitted, createFormValues(values));
        expect(response.status).toBe(200);
        const refused = response.json?.response_action === 'errors';
        if (refused) {
          expect(Object.keys(response.json!.errors).length).toBeGreaterThan(0);
          expect(await tokenCount()).toBe(before);
        }
      }),
      { numRuns: 400 },
    );
    expect(unexpected()).toEqual([]);
  }, 120_000);
});

describe('button values', () => {
  it('forged or stale, get an answer or nothing, never an unexpected error', async () => {
    const actions = [
      'token_menu',
      'token_confirm:0',
      'token_list_page:next',
      'token_list_status',
      'token_list_search',
      'revocation_approve',
      'revocation_reject',
      'reminder_reset',
      'home_create',
    ];
    const before = await tokenCount();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...actions), fc.oneof(nasty, fc.json()), async (actionId, value) => {
        const response = await app.slack.blockAction(
          USERS.acmeAdmin,
          { action_id: actionId, type: 'button', value: value.slice(0, 2000) },
          { message: { ts: '1.000001', persisted: false } },
        );
        expect(response.status).toBe(200);
      }),
      { numRuns: 1000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(unexpected()).toEqual([]);
    expect(await tokenCount()).toBe(before);
  }, 120_000);
});

describe('typed text with half of a surrogate pair (JSON can carry it; PostgreSQL cannot store it)', () => {
  const openedView = async (open: () => Promise<unknown>) => {
    const opened = app.fake.callsTo('views.open').length;
    await open();
    return (await app.fake.waitFor(() => app.fake.callsTo('views.open')[opened])).response.view;
  };

  it('gets a validation message under its field in the create and edit modals, never an unexpected error', async () => {
    const { token } = await app.tokenops.tokens.create(root, tokenInput('org:acme', 'Edited with odd text'));
    const create = await openedView(() => app.slack.command(USERS.acmeAdmin, 'create'));
    const edit = await openedView(() => app.slack.command(USERS.acmeAdmin, `edit ${token.displayId}`));
    const refusedAsUnsafe = en['error.text_unsafe_characters'];
    let submission = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(create, edit), utf16(70), utf16(), async (view, label, description) => {
        const values = createFormValues({
          owner: 'org:acme',
          label,
          description,
          contact: USERS.acmeAdmin,
          scopes: ['orders:read'],
          expiry: '30d',
        });
        // A submission of its own each time, as from a modal opened anew: a create view's key is
        // spent by its first success, and a repeated body is dropped as a replay.
        const metadata = { ...JSON.parse(view.private_metadata || '{}'), key: `property-${submission++}` };
        const response = await app.slack.viewSubmission(
          USERS.acmeAdmin,
          { ...view, private_metadata: JSON.stringify(metadata) },
          values,
        );
        expect(response.status).toBe(200);
        const errors: Record<string, string> = response.json?.response_action === 'errors' ? response.json.errors : {};
        expect(Object.keys(errors).every((block) => block === 'label' || block === 'description')).toBe(true);
        if (!survivesUtf8(label)) expect(errors.label).toBeDefined();
        if (!survivesUtf8(description) && !errors.label) expect(errors.description).toBe(refusedAsUnsafe);
      }),
      { numRuns: 300 },
    );
    expect(unexpected()).toEqual([]);
    const labels = (await app.sql('SELECT label, description FROM tokens')) as Array<{
      label: string;
      description: string;
    }>;
    expect(labels.every((row) => survivesUtf8(row.label) && survivesUtf8(row.description))).toBe(true);
  }, 120_000);
});
