import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'src/generated/', 'dist/', 'packages/*/dist/', 'scratch/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error', 'log'] }],
    },
  },
  {
    // One way to reach storage (src/store/README.md): SQL text lives in src/store/sql/ alone.
    files: ['src/**/*.ts'],
    ignores: ['src/store/sql/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TaggedTemplateExpression[tag.property.name=/^\\$(queryRaw|executeRaw)$/]',
          message: 'SQL belongs in src/store/sql/ (see src/store/README.md).',
        },
        {
          selector: "TaggedTemplateExpression[tag.object.name='Prisma'][tag.property.name='sql']",
          message: 'SQL belongs in src/store/sql/ (see src/store/README.md).',
        },
      ],
    },
  },
  {
    files: ['bin/**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['test/**/*.ts', 'packages/*/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-empty-function': 'off' },
  },
);
