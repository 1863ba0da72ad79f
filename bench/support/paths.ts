import { fileURLToPath } from 'node:url';

/** The repository's root, with a trailing slash. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What the benchmark builds and leaves behind (bundles, the cold-start runner): gitignored. */
export const BENCH_OUT = fileURLToPath(new URL('../.out/', import.meta.url));
