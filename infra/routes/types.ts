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

/**
 * What a function may do with the attachments bucket; its IAM policy is built from it (infra/constructs/attachments.ts)
 * and test/infra/storage-access.test.ts checks it against the S3 calls in its bundle:
 * - `presignUpload`: sign upload forms (createPresignedPost) → s3:PutObject on uploads/*
 * - `verifyUpload`: read uploads and keep verified copies (GetObject, CopyObject) → s3:GetObject on uploads/*,
 *   s3:PutObject on files/*
 * - `presignDownload`: sign download links (getSignedUrl of a GetObject) → s3:GetObject on files/*
 */
export type StorageAccess = 'presignUpload' | 'verifyUpload' | 'presignDownload' | 'deleteFiles';

/** API Gateway throttling of one route (requests per second, steady and burst). */
export interface RouteThrottle {
  rateLimit: number;
  burstLimit: number;
}

/**
 * A call of a route that the route may answer with success, for the tests that call every route (401 without a
 * token, 403 for the wrong role, body limits). `params` fills the path's placeholders the test does not give
 * itself (tests give `{id}`, the conversation); `body` is a valid body (every route that reads one has it).
 */
interface RouteExample {
  params?: Record<string, string>;
  body?: Record<string, unknown>;
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
  /** The handler closes WebSocket connections (an erasure ends the user's sessions): @connections DELETE. */
  closesSessions?: true;
  table: TableAccess;
  /** Its use of the attachments bucket; none unless given. */
  storage?: StorageAccess[];
  /** A tighter limit than the stage default; the `routeThrottles` context value overrides it. */
  throttle?: RouteThrottle;
  /** A valid call of the route (core routes: the every-route tests derive their calls from it). */
  example?: RouteExample;
}

export interface WebSocketRouteDef {
  name: string;
  /** $connect, $disconnect, $default, or an action name matched on the `action` field. */
  routeKey: string;
  entry: string;
  table: TableAccess;
  /** Its use of the attachments bucket; none unless given. */
  storage?: StorageAccess[];
  /**
   * The route never posts to a connection (no ack, no error event, no closing an expired session): its function
   * gets no @connections permission. Every other route may POST to and DELETE connections of the stage.
   */
  silent?: true;
  /** A per-route limit on the WebSocket stage (else the stage's `webSocketThrottle…` context limits apply). */
  throttle?: RouteThrottle;
}

/**
 * The Lambda REQUEST authorizer of the WebSocket API. API Gateway allows one on $connect only; what it returns as
 * `context` is handed to $connect and to every later event of the connection (`requestContext.authorizer`). CDK
 * attaches it to $connect (infra/constructs/websocket-api.ts) and the local gateway runs it on every upgrade.
 */
export interface WebSocketAuthorizerDef {
  /** Unique, PascalCase: the CDK construct id and the bench's name for it. */
  name: string;
  entry: string;
  /**
   * Where the credential is (`route.request.querystring.<name>` or `route.request.header.<name>`): a request without
   * every one is refused with 401 before the function runs.
   */
  identitySource: string[];
  table: TableAccess;
}

/** A Lambda that is not behind an API. */
export interface FunctionDef {
  entry: string;
  table: TableAccess;
}

/**
 * The function that turns received email into messages (reply by email). In AWS the SES receipt rule invokes it
 * (asynchronously, after storing the raw mail in S3: infra/constructs/inbound-mail.ts); locally the SMTP receiver
 * does (infra/local/smtp-receiver.ts), with the same SES-shaped event.
 */
export interface InboundMailHandlerDef extends FunctionDef {
  /** Unique, PascalCase: the CDK construct id and the local log name. */
  name: string;
  description: string;
  /** It posts messages, so it pushes them (the @connections API). */
  pushes: true;
  timeoutSeconds: number;
}

/**
 * How the table stream feeds one consumer: its event source mapping in AWS (infra/constructs/stream-processing.ts)
 * and its ConsumerLoop in the local stack (infra/local/stream-consumer-loop.ts) both read these values. Failures
 * are always reported per record (ReportBatchItemFailures); a batch given up goes to the consumer's failure
 * destination (an SQS queue in AWS, a logged list locally).
 */
export interface StreamMappingSettings {
  /** Where a new reader starts in the stream (local: the iterator type of a newly found shard). */
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** Records per invocation at most (local: GetRecords' Limit). */
  batchSize: number;
  /** How long to gather records before invoking; the local poller supports only 0 (invoke as soon as read). */
  maxBatchingWindowSeconds: number;
  /** Split a batch whose invocation failed as a whole (threw) and retry each half. */
  bisectBatchOnError: boolean;
  /** Retries of a failing batch before its records go to the failure destination. */
  retryAttempts: number;
  /** Records older than this are given up whatever the retries left (60 s to 7 days). */
  maxRecordAgeSeconds: number;
  /** Concurrent batches per shard; the local poller supports only 1 (strict order per shard). */
  parallelizationFactor: number;
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
  inserts: ReadonlyArray<'conversation' | 'message' | 'erasure-step'>;
  /** Also the MODIFY records that redact a message (new image `redacted: true`): the previews that show it. */
  redactions?: true;
  /** It pushes WebSocket events: it needs the @connections API. */
  pushes?: true;
  /** Its use of the attachments bucket; none unless given. */
  storage?: StorageAccess[];
  /**
   * Also the MODIFY records of a participant's own read (a member item, new image `receiptDue: true`): the read
   * receipt to copy into the other member items. The stream's own updates of member items are left out.
   */
  readReceipts?: true;
  /** Lambda timeout of one invocation (one batch). */
  timeoutSeconds: number;
  mapping: StreamMappingSettings;
}
