// Runs graphql-http's auditServer (the GraphQL over HTTP spec's audits)
// against the URL given; exits non-zero when any MUST audit fails.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://127.0.0.1:4000/graphql');
  process.exit(2);
}
const results = await auditServer({ url });
let failedMust = 0;
for (const result of results) {
  const level = result.name.split(' ')[0];
  if (result.status !== 'ok') {
    const reason = typeof result.reason === 'string' ? result.reason : JSON.stringify(result.reason);
    console.log(`${result.status.toUpperCase().padEnd(5)} ${result.name}\n      ${reason}`);
    if (level === 'MUST') failedMust += 1;
  }
}
const passed = results.filter((r) => r.status === 'ok').length;
const musts = results.filter((r) => r.name.startsWith('MUST'));
console.log(`graphql-http audit: ${passed}/${results.length} ok; MUST ${musts.length - failedMust}/${musts.length} ok`);
process.exit(failedMust > 0 ? 1 : 0);
