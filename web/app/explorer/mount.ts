// GraphiQL from npm, bundled with the client (the router's own page loads
// its scripts from a CDN, blank offline). React is loaded only with this
// page, in its own chunk: it is not part of the initial JavaScript.
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import 'graphiql/graphiql.css';

export function mountExplorer(container: HTMLElement, options: { url: string; subscriptionUrl: string; token: string | null }): () => void {
  const fetcher = createGraphiQLFetcher({ url: options.url, subscriptionUrl: options.subscriptionUrl });
  const headers = options.token ? JSON.stringify({ Authorization: `Bearer ${options.token}` }, null, 2) : undefined;
  const root = createRoot(container);
  root.render(
    createElement(GraphiQL, {
      fetcher,
      headers,
      shouldPersistHeaders: false,
      defaultQuery: '# Jobgraph: every subgraph through the one endpoint.\n{\n  searchJobs(query: "rust", first: 3) {\n    totalCount\n    edges { node { title company { name } } }\n  }\n}\n',
    }),
  );
  // CodeMirror's hidden textareas and scroll areas come without names or
  // keyboard access; give them both as GraphiQL renders them.
  const observer = new MutationObserver(() => makeEditorsAccessible(container));
  observer.observe(container, { childList: true, subtree: true });
  return () => {
    observer.disconnect();
    root.unmount();
  };
}

function makeEditorsAccessible(container: HTMLElement): void {
  const named: [string, string][] = [
    ['.graphiql-query-editor', 'Query editor'],
    ['.graphiql-editor-tool .graphiql-editor:not(.hidden)', 'Variables or headers editor'],
    ['.result-window', 'Response'],
  ];
  for (const [selector, name] of named) {
    container.querySelectorAll(`${selector} textarea:not([aria-label])`).forEach((area) => area.setAttribute('aria-label', name));
  }
  container.querySelectorAll('textarea:not([aria-label])').forEach((area) => area.setAttribute('aria-label', 'Editor'));
  container.querySelectorAll('.CodeMirror-scroll:not([tabindex="0"])').forEach((region) => region.setAttribute('tabindex', '0'));
}
