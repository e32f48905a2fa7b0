// Where the router is: the server that serves index.html writes it into a
// meta tag (jobgraph dev, `jobgraph web --router-url`); relative to the page.
const configured = document.querySelector<HTMLMetaElement>('meta[name="jobgraph-graphql-url"]')?.content || '/graphql';

export const graphqlUrl = new URL(configured, location.href).toString();
export const graphqlWsUrl = graphqlUrl.replace(/^http/, 'ws');
