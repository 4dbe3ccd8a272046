/**
 * The usual way to write "send a message" on Lambda, as the bench's baseline: middy, classic `zod`, the
 * DynamoDB document client and jose, bundled with esbuild's defaults (the SDK bundled in, nothing minified).
 * It does the same work as functions/http/messages/send.ts so their init times compare like for like.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { jwtVerify } from 'jose';
import { z } from 'zod';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const secret = new TextEncoder().encode(process.env.SELF_TOKEN_SECRET ?? 'secret');

const Body = z.object({
  text: z.string().trim().min(1).max(4000),
  clientMessageId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
});
const Params = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

const sendMessage = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const token = (event.headers.authorization ?? '').replace(/^Bearer /, '');
  const { payload } = await jwtVerify(token, secret);
  const { id } = Params.parse(event.pathParameters);
  const body = Body.parse(JSON.parse(event.body ?? '{}'));
  const pk = `T#${String(payload.tenant)}#CONV#${id}`;
  const { Items = [] } = await client.send(
    new QueryCommand({
      TableName: process.env.TABLE_NAME,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ScanIndexForward: false,
      Limit: 2,
    }),
  );
  const seq = Number(Items[1]?.seq ?? 0) + 1;
  const message = {
    PK: pk,
    SK: `LOG#${String(seq).padStart(12, '0')}`,
    seq,
    senderId: payload.sub,
    text: body.text,
    createdAt: new Date().toISOString(),
  };
  await client.send(
    new PutCommand({
      TableName: process.env.TABLE_NAME,
      Item: message,
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
  return { statusCode: 201, body: JSON.stringify({ message }) };
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
  .use({
    onError: async (request) => {
      const status = request.error instanceof z.ZodError ? 400 : 500;
      request.response = { statusCode: status, body: JSON.stringify({ message: request.error?.message }) };
    },
  })
  .handler(sendMessage);
