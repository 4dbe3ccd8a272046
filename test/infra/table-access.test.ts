import { describe, expect, it } from 'vitest';
import {
  httpRoutes,
  inboundMailHandler,
  streamConsumers,
  type TableAccess,
  webSocketAuthorizer,
  webSocketRoutes,
} from '#infra/routes/index';
import { tableAccessUsedBy } from '#test/infra/support/table-usage';

const declared = (access: TableAccess) => ({
  actions: [...access.actions].sort(),
  queryIndexes: [...(access.queryIndexes ?? [])].sort(),
});

const functions = [
  ...httpRoutes.map((r) => ({ name: `${r.method} ${r.path}`, entry: r.entry, table: r.table })),
  ...webSocketRoutes.map((r) => ({ name: `WebSocket ${r.routeKey}`, entry: r.entry, table: r.table })),
  { name: 'WebSocket $connect authorizer', entry: webSocketAuthorizer.entry, table: webSocketAuthorizer.table },
  ...streamConsumers.map((c) => ({ name: `stream consumer ${c.name}`, entry: c.entry, table: c.table })),
  { name: 'inbound mail', entry: inboundMailHandler.entry, table: inboundMailHandler.table },
];

/**
 * The route list declares each function's table access (its IAM policy is built from it): it must match what
 * the code actually sends — a missing action is an AccessDenied in AWS only, an extra one is a needless grant.
 */
describe('the declared table access of every function matches the DynamoDB calls in its bundle', () => {
  it.each(functions)('$name', async ({ entry, table }) => {
    expect(await tableAccessUsedBy(entry)).toEqual(declared(table));
  });
});
