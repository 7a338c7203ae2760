// Import rules checked by `npm run lint` (dependency-cruiser): no cycles, a domain that stays
// plain TypeScript (no Slack, queue, Redis, database or HTTP framework), and a product (src/,
// the production build) that never imports the playground, the Slack emulator or what only
// they use.
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
      comment: 'The playground and the Slack emulator live beside the product (playground/, packages/slack-emulator): nothing in src/ may import them, so the production build holds none of it.',
      from: { path: '^src/' },
      to: { path: ['^playground/', '^packages/slack-emulator/', '^@tokenops/slack-emulator', 'node_modules/@tokenops/slack-emulator/', 'node_modules/(preact|htm|emoji-datasource)/'] },
    },
    {
      name: 'domain-is-framework-free',
      severity: 'error',
      comment: 'src/domain is plain TypeScript: adapters (src/store, src/slack, src/jobs, src/http) bring the frameworks.',
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
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^src/generated/' },
    moduleSystems: ['es6'],
  },
};
