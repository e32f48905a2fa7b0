import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed documents from the schema clients see through the router
// (schema/api.graphql, written by `jobgraph compose`), and the manifest of
// every operation the client sends (trusted documents: sha256 ids).
const config: CodegenConfig = {
  schema: '../schema/api.graphql',
  documents: ['app/**/*.{ts,tsx}', '!app/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    './app/gql/': {
      preset: 'client',
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: { DateTime: 'string', Date: 'string', UUID: 'string', JSON: 'unknown' },
      },
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { hashAlgorithm: 'sha256', mode: 'replaceDocumentWithHash' },
      },
    },
  },
};

export default config;
