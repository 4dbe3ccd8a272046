import type { INDEXES } from '#shared/table/definition';

/**
 * A DynamoDB action a handler sends, as its IAM action name without `dynamodb:`. A transaction needs the
 * actions of its parts (TransactWriteItems with Puts → PutItem), a BatchGet needs BatchGetItem.
 */
export type TableAction =
  | 'GetItem'
  | 'BatchGetItem'
  | 'Query'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'ConditionCheckItem'
  | 'BatchWriteItem';

/**
 * The table access a handler's role is granted, and nothing else: `actions` on the table itself,
 * `dynamodb:Query` on each of `queryIndexes`. test/infra/table-access.test.ts checks it against the code.
 */
export interface TableAccess {
  actions: TableAction[];
  queryIndexes?: (keyof typeof INDEXES)[];
}

/** API Gateway throttling of one route (requests per second, steady and burst). */
export interface RouteThrottle {
  rateLimit: number;
  burstLimit: number;
}

/**
 * A route of the single route list. `entry` is the handler file (relative to the repository root) that both
 * the CDK stack bundles into its Lambda function and the local gateways import and invoke.
 */
export interface HttpRouteDef {
  /** Unique, PascalCase: the CDK construct id and the function's name suffix. */
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path template, e.g. /v1/conversations/{id}. */
  path: string;
  entry: string;
  /** The handler pushes WebSocket events (message.created, conversation.read): it needs the @connections API. */
  pushes?: true;
  table: TableAccess;
  /** A tighter limit than the stage default; the `routeThrottles` context value overrides it. */
  throttle?: RouteThrottle;
}

export interface WebSocketRouteDef {
  name: string;
  /** $connect, $disconnect, $default, or an action name matched on the `action` field. */
  routeKey: string;
  entry: string;
  table: TableAccess;
}

/** A Lambda that is not behind an API. */
export interface FunctionDef {
  entry: string;
  table: TableAccess;
}

/**
 * A consumer of the table stream. Each has its own function, event source mapping (filtered to `inserts`),
 * dead-letter queue and alarms in AWS, and its own shard iterators and retry state in the local poller, so
 * one consumer's failing records never hold up another's.
 */
export interface StreamConsumerDef extends FunctionDef {
  /** Unique, PascalCase: the CDK construct id (alarm and output names derive from it) and the local log name. */
  name: string;
  description: string;
  /** The entities whose INSERT records it is given; every other record is filtered out before it is invoked. */
  inserts: ReadonlyArray<'conversation' | 'message'>;
}
