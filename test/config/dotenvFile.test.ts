import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDotenvFile } from '../../src/config/dotenvFile.js';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tokenops-env-')), '.env');
  writeFileSync(path, text);
  return path;
}

describe('loadDotenvFile', () => {
  it('sets what the environment leaves unset, and never overrides a real variable', () => {
    const env: Record<string, string | undefined> = { PORT: '4000' };
    const set = loadDotenvFile(file('# comment\nPORT=3000\nADMIN_USER_IDS="U01, U02"\nexport LOG_LEVEL=debug\n'), env);
    expect(env).toEqual({ PORT: '4000', ADMIN_USER_IDS: 'U01, U02', LOG_LEVEL: 'debug' });
    expect(set).toEqual(['ADMIN_USER_IDS', 'LOG_LEVEL']);
  });

  it('does nothing without a file', () => {
    const env = {};
    expect(loadDotenvFile(join(tmpdir(), 'no-such-dir-tokenops', '.env'), env)).toEqual([]);
    expect(env).toEqual({});
  });
});
