import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { babelOptimizerPlugin } from '@graphql-codegen/client-preset';

export default defineConfig({
  // React stays React (GraphiQL, on the explorer page only); our pages are Preact.
  plugins: [
    preact({
      reactAliasesEnabled: false,
      // Each graphql(`...`) call becomes the generated document (its id, no
      // text): the bundle carries no operation text, only trusted-document ids.
      babel: { plugins: [[babelOptimizerPlugin, { artifactDirectory: './app/gql', gqlTagName: 'graphql' }]] },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Built once, embedded in the jobgraph binary: stable names per content.
    assetsDir: 'assets',
    sourcemap: false,
    // The explorer's chunk (GraphiQL, React) is large, and loaded only on /explorer.
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      onLog(level, log, handler) {
        // React libraries' "use client"/"use no memo" directives mean nothing in a bundle.
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  // `npm run dev`: the client with hot reload, the API from a running `jobgraph dev`.
  server: { port: 5173, proxy: { '/graphql': { target: 'http://127.0.0.1:4000', ws: true } } },
});
