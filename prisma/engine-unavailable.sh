#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded on these machines.
# `prisma generate` only needs the path to exist; migrations run through src/store/migrations.ts.
echo "tokenops: the native Prisma schema engine is not installed; use 'npm run db:migrate' and 'npm run db:migration -- <name>'." >&2
exit 1
