// Runs graphql-http's GraphQL-over-HTTP server audit against the URL given as the only
// argument and prints one JSON object: the number of checks, of each status, and every check
// that did not pass (id, name, status, reason). Exit code 0 whenever the audit ran.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://host:port/graphql');
  process.exit(2);
}
const results = await auditServer({ url });
const count = (status) => results.filter((result) => result.status === status).length;
const failing = results
  .filter((result) => result.status !== 'ok')
  .map(({ id, name, status, reason }) => ({ id, name, status, reason }));
console.log(
  JSON.stringify({
    total: results.length,
    ok: count('ok'),
    notice: count('notice'),
    warn: count('warn'),
    error: count('error'),
    failing,
  }),
);
