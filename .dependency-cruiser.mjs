// Import rules checked by `npm run lint` (dependency-cruiser): no cycles, a domain that stays
// plain TypeScript (no Slack, queue, Redis, database or HTTP framework), a product (src/, the
// production build) that never imports the playground, the Slack emulator or what only they
// use, outbound messages through src/notify (jobs, e-mail, storage and configuration never
// import Slack), and configuration that reads no storage and no domain service.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: split the shared part into a module both sides import.',
      from: { path: '^(src|playground|packages|bench)/' },
      to: { circular: true },
    },
    {
      name: 'product-never-imports-the-playground',
      severity: 'error',
      comment:
        'The playground and the Slack emulator live beside the product (playground/, packages/slack-emulator): nothing in src/ may import them, so the production build holds none of it.',
      from: { path: '^src/' },
      to: {
        path: [
          '^playground/',
          '^packages/slack-emulator/',
          '^@tokenops/slack-emulator',
          'node_modules/@tokenops/slack-emulator/',
          'node_modules/(preact|htm|emoji-datasource)/',
        ],
      },
    },
    {
      name: 'domain-is-framework-free',
      severity: 'error',
      comment:
        'src/domain is plain TypeScript: adapters (src/store, src/slack, src/jobs, src/http) bring the frameworks.',
      from: { path: '^src/domain/' },
      to: {
        path: [
          'node_modules/(@slack|bullmq|ioredis|@prisma|prisma|pg|pg-[^/]+|nodemailer)/',
          '^src/generated/',
          '^src/(store|slack|jobs|http|email|observability)/',
          '^(node:)?https?$',
        ],
      },
    },
    {
      name: 'background-work-never-imports-slack',
      severity: 'error',
      comment:
        'Jobs schedule and dispatch (outbound messages go through src/notify); e-mail texts, storage and configuration know nothing of Slack. Only the Slack layer, src/notify (which sends to Slack) and the composition root import src/slack.',
      from: { path: '^src/(jobs|email|store|config)/' },
      to: { path: '^src/slack/' },
    },
    {
      name: 'slack-is-given-notify',
      severity: 'error',
      comment:
        "src/notify sends through the Slack layer (its views, its Web API helpers); the Slack layer gets what it needs of notify (people's languages, paced posts) through its deps, typed by itself, so the two rooms never import each other both ways.",
      from: { path: '^src/slack/' },
      to: { path: '^src/notify/' },
    },
    {
      name: 'config-reads-no-store-or-service',
      severity: 'error',
      comment:
        "Configuration is parsed before anything runs: it may use the domain's vocabulary (types, and pure rules such as approvals.ts, catalog.ts, text.ts), never storage nor a domain service or the storage ports.",
      from: { path: '^src/config/' },
      to: {
        path: [
          '^src/store/',
          '^src/domain/(ports|reminderPorts|tokenService|tenantService|requests|changeRequests|approvers|revocations|leaks|apiKeys|auditTrail|webhooks|savedLists|once)\\.ts$',
          '^src/domain/tokenOps/',
        ],
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/generated/' },
    moduleSystems: ['es6'],
  },
};
