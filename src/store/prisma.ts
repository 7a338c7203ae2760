// The Prisma client, over the pure-JS pg driver adapter (no native query engine).
import { PrismaPg } from '@prisma/adapter-pg';
import type pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';

export type Db = PrismaClient;

/** A client of its own pool, or over a pool shared with queries that bypass Prisma. */
export function createPrisma(database: string | pg.Pool): Db {
  return new PrismaClient({
    adapter: new PrismaPg(typeof database === 'string' ? { connectionString: database, max: 10 } : database),
  });
}
