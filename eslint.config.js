import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// `import { z }` keeps zod's whole namespace, every locale included (~370 KB in the API bundle);
// `import * as z` lets esbuild drop what is not used.
const zodNamespace = {
  selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
  message: "import * as z from 'zod': the named `z` keeps all of zod in the bundles.",
};

export default tseslint.config(
  // client/schema.d.ts is generated (npm run client): tsc checks it, the linter leaves it as written.
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'coverage/', 'bench/.out/', 'client/schema.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', zodNamespace],
    },
  },
  {
    // The domain is pure: no AWS SDK, no I/O, no clock. The linter keeps it that way.
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@aws-sdk/*', 'aws-lambda', '@middy/*', '@aws-lambda-powertools/*'], message: 'shared/domain is pure: no AWS or Lambda imports.' },
          { group: ['node:fs*', 'node:http*', 'node:net', 'node:child_process', 'fs', 'http', 'net'], message: 'shared/domain does no I/O.' },
          { group: ['**/adapters/**', '**/http/**', '**/functions/**', '**/infra/**'], message: 'shared/domain depends on nothing outside itself.' },
        ],
      }],
      'no-restricted-syntax': ['error',
        zodNamespace,
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'shared/domain has no clock: take `now` as an argument.' },
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'shared/domain has no clock: take `now` as an argument.' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'shared/domain has no randomness: take ids as arguments.' },
      ],
    },
  },
);
