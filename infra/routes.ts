import { compatRoutes } from '#infra/routes/compat';
import { coreRoutes } from '#infra/routes/core';
import { supportRoutes } from '#infra/routes/support';
import type { HttpRouteDef, StreamConsumerDef, WebSocketRouteDef } from '#infra/routes/types';
import { webSocketRoutes as wsRoutes } from '#infra/routes/websocket';

export type {
  FunctionDef,
  HttpRouteDef,
  RouteThrottle,
  StreamConsumerDef,
  TableAccess,
  TableAction,
  WebSocketRouteDef,
} from '#infra/routes/types';

/** The single route list: the CDK stack and the local gateways both read it, so they cannot drift. */
export const httpRoutes: HttpRouteDef[] = [...coreRoutes, ...supportRoutes, ...compatRoutes];
export const webSocketRoutes: WebSocketRouteDef[] = wsRoutes;

/** Unread counts and activity order: the effects every inbox depends on, never held up by email. */
export const streamHandler: StreamConsumerDef = {
  name: 'Stream',
  entry: 'functions/stream/table-stream.ts',
  description: 'Table stream: unread counts and activity order',
  inserts: ['message'],
  table: { actions: ['UpdateItem'] },
};

/** Notification emails (SES): a second reader of the same stream, so an SES outage delays only emails. */
export const emailStreamHandler: StreamConsumerDef = {
  name: 'EmailStream',
  entry: 'functions/stream/email-stream.ts',
  description: 'Table stream: notification emails',
  inserts: ['conversation', 'message'],
  table: { actions: ['GetItem', 'PutItem', 'Query', 'UpdateItem'] },
};

/** Both readers of the table stream (DynamoDB Streams allows two per shard). */
export const streamConsumers: StreamConsumerDef[] = [streamHandler, emailStreamHandler];
