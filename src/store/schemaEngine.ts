// Prisma's schema engine compiled to WebAssembly, driven through the pg driver adapter.
// Prisma's CLI cannot download its native engine on our machines; this package is the same
// engine, so the migrations it applies are recorded exactly as `prisma migrate deploy` records
// them. It is an internal Prisma package (pinned exactly): keep all use of it in this file.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';

type Engine = Awaited<ReturnType<typeof bindings.SchemaEngine.new>>;
type SchemaFile = { path: string; content: string };

// Node has WebAssembly; TypeScript's ES libs do not describe it.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  instantiate(module: object, imports: object): Promise<{ exports: Record<string, unknown> }>;
};

const noFilters = { externalTables: [], externalEnums: [] };
let loaded: Promise<void> | undefined;

/** The package's ESM entry imports a .wasm file, which Node 20 cannot load: instantiate by hand. */
function loadWasm(): Promise<void> {
  loaded ??= (async () => {
    const require = createRequire(import.meta.url);
    const entry = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const bytes = await readFile(entry.replace(/\.js$/, '.wasm'));
    const instance = await WebAssembly.instantiate(new WebAssembly.Module(bytes), {
      './schema_engine_bg.js': bindings,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return loaded;
}

async function withEngine<T>(
  connectionString: string,
  datamodels: SchemaFile[],
  work: (engine: Engine) => Promise<T>,
): Promise<T> {
  await loadWasm();
  // Remember the connections the engine opens: freeing the engine does not close their pools.
  const factory = new PrismaPg({ connectionString, max: 2 });
  const opened: { dispose(): Promise<void> }[] = [];
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    opened.push(adapter);
    return adapter;
  };
  const engine = await bindings.SchemaEngine.new(
    { datamodels: datamodels.map((file) => [file.path, file.content] as [string, string]) },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
    await Promise.all(opened.map((adapter) => adapter.dispose()));
  }
}

export type Migration = { name: string; sql: string };

/** Applies the migrations that are not yet recorded in `_prisma_migrations`; returns their names. */
export async function applyMigrations(
  connectionString: string,
  schema: SchemaFile,
  migrations: { baseDir: string; lockfile: string; list: Migration[] },
): Promise<string[]> {
  return withEngine(connectionString, [schema], async (engine) => {
    const result = (await engine.applyMigrations({
      migrationsList: {
        baseDir: migrations.baseDir,
        lockfile: { path: 'migration_lock.toml', content: migrations.lockfile },
        shadowDbInitScript: '',
        // Bare directory names: an absolute path would be recorded as the migration's name.
        migrationDirectories: migrations.list.map((m) => ({
          path: m.name,
          migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql } },
        })),
      },
      filters: noFilters,
    })) as { appliedMigrationNames: string[] };
    return result.appliedMigrationNames;
  });
}

/** SQL that turns the database of schema `from` (undefined: empty) into that of schema `to`. */
export async function diffSchemas(
  connectionString: string,
  from: SchemaFile | undefined,
  to: SchemaFile,
): Promise<string> {
  const target = (file: SchemaFile) => ({ tag: 'schemaDatamodel' as const, files: [file] });
  return withEngine(connectionString, [to], async (engine) => {
    const result = (await engine.diff({
      from: from ? target(from) : { tag: 'empty' },
      to: target(to),
      script: true,
      exitCode: null,
      filters: noFilters,
    })) as { stdout?: string | null };
    return result.stdout ?? '';
  });
}
