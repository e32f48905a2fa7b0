// Runs graphql-http's auditServer (the GraphQL over HTTP spec's audits)
// against the URL given; exits non-zero when any audit fails, a SHOULD as
// much as a MUST: the router passes every one, and a regression is a bug.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://127.0.0.1:4000/graphql');
  process.exit(2);
}
const results = await auditServer({ url });
const failed = { MUST: 0, SHOULD: 0, MAY: 0 };
for (const result of results) {
  const level = result.name.split(' ')[0];
  if (result.status !== 'ok') {
    const reason = typeof result.reason === 'string' ? result.reason : JSON.stringify(result.reason);
    console.log(`${result.status.toUpperCase().padEnd(5)} ${result.name}\n      ${reason}`);
    failed[level] = (failed[level] ?? 0) + 1;
  }
}
const passed = results.filter((r) => r.status === 'ok').length;
const summary = ['MUST', 'SHOULD']
  .map((level) => {
    const all = results.filter((r) => r.name.startsWith(level)).length;
    return `${level} ${all - failed[level]}/${all} ok`;
  })
  .join('; ');
console.log(`graphql-http audit: ${passed}/${results.length} ok; ${summary}`);
process.exit(failed.MUST + failed.SHOULD > 0 ? 1 : 0);
