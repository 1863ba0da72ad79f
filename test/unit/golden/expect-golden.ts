import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';

/**
 * A golden-file check for one folder under test/unit/golden: compares with the reviewed file;
 * with UPDATE_GOLDEN=1 rewrites it instead, for review in the diff.
 */
export function goldenIn(directory: string): (name: string, actual: string) => void {
  return (name, actual) => {
    const path = join(directory, name);
    if (process.env.UPDATE_GOLDEN === '1') {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, actual);
      return;
    }
    if (!existsSync(path)) throw new Error(`no golden file ${name}: run with UPDATE_GOLDEN=1, then read it before committing`);
    expect(actual, name).toBe(readFileSync(path, 'utf8'));
  };
}
