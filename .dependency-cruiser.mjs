// Import rules checked by `npm run lint` (dependency-cruiser): no cycles anywhere in src/, and
// a domain that stays plain TypeScript (no Slack, queue, Redis, database or HTTP framework).
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: split the shared part into a module both sides import.',
      from: { path: '^src/' },
      to: { circular: true },
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
