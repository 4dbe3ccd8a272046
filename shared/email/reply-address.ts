import { randomBytes } from 'node:crypto';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { cancellationReasons } from '#shared/table/errors';
import { type Key, keys, type MemberKey } from '#shared/table/keys';
import { emailConfig } from './email-config';

/**
 * Reply addresses: `reply+<token>@<replyDomain>`, one per (tenant, conversation, member), so a participant can
 * answer a conversation from their mail client (shared/email/inbound/receive-reply.ts).
 *
 * The token is 160 random bits (32 base32 characters, case-insensitive like many mail systems treat local parts),
 * stored in two items written together: the member's `REPLY#<member>` item in the conversation partition (the
 * token, or `revoked`) and the reverse item `REPLY#<token>` (which tenant, conversation and member it stands for).
 * Why random and stored rather than a MAC over the triple: the address's local part holds at most 64 characters,
 * too few for a tenant id of up to 64 plus a conversation id, so a lookup item is needed anyway; once it is, a
 * random token is as unguessable as a MAC, needs no key (nothing breaks when the stack secret is rotated), and the
 * member item makes revocation one write that covers every email ever sent to that member in that conversation.
 * An altered token is simply one that does not exist (a hit by chance: 1 in 2^160 per stored token), and a
 * reverse item whose member item no longer names that token or is revoked is refused too.
 * Tokens do not expire by themselves: a seller may answer a months-old enquiry. They end by revocation.
 */
export interface ReplyAddressItem extends Key {
  entity: 'reply-address';
  tenant: string;
  conversationId: string;
  member: MemberKey;
  /** Absent only when the address was revoked before any was issued. */
  token?: string;
  revoked?: true;
  createdAt: string;
}

export interface ReplyTokenItem extends Key {
  entity: 'reply-token';
  tenant: string;
  conversationId: string;
  member: MemberKey;
  createdAt: string;
}

export interface ReplyTarget {
  tenant: string;
  conversationId: string;
  member: MemberKey;
}

const TOKEN_BYTES = 20;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const TOKEN = /^[a-z2-7]{32}$/;
const LOCAL_PART = /^reply\+([a-z2-7]{32})$/i;

/** RFC 4648 base32, lower case, no padding (20 bytes → 32 characters). */
const base32 = (bytes: Uint8Array) => {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return bits > 0 ? out + BASE32[(value << (5 - bits)) & 31] : out;
};

export const newReplyToken = () => base32(randomBytes(TOKEN_BYTES));

export const replyAddressOf = (token: string, domain: string) => `reply+${token}@${domain}`;

/**
 * The token of an address at our reply domain (`reply+<token>@<domain>`, any case), or undefined when the
 * address is not one of ours or not well-formed (then nothing is looked up).
 */
export const replyTokenOf = (address: string, domain: string): string | undefined => {
  const at = address.lastIndexOf('@');
  if (at < 0 || address.slice(at + 1).toLowerCase() !== domain.toLowerCase()) return undefined;
  return LOCAL_PART.exec(address.slice(0, at))?.[1]?.toLowerCase();
};

const read = async <T>(key: Key, consistent: boolean) =>
  (await db().send(new GetCommand({ TableName: config.tableName, Key: key, ConsistentRead: consistent }))).Item as
    | T
    | undefined;

/**
 * The member's reply address in the conversation, issued on first use; undefined without a reply domain or when
 * the address was revoked (the email then carries the configured Reply-To).
 * Idempotent: the member's item and the reverse item are put in one transaction, each only if absent; of two
 * concurrent first uses one commits and the other reads its token, so a member has one address per conversation.
 */
export const issueReplyAddress = async (
  tenant: string,
  conversationId: string,
  member: MemberKey,
  now = new Date().toISOString(),
): Promise<string | undefined> => {
  const domain = emailConfig.replyDomain;
  if (!domain) return undefined;
  const key = keys.replyAddress(tenant, conversationId, member);
  const existing = await read<ReplyAddressItem>(key, true);
  if (existing) return existing.revoked || !existing.token ? undefined : replyAddressOf(existing.token, domain);
  const token = newReplyToken();
  const target = { tenant, conversationId, member, createdAt: now };
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: config.tableName,
              Item: { ...key, entity: 'reply-address', ...target, token } satisfies ReplyAddressItem,
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          {
            Put: {
              TableName: config.tableName,
              Item: { ...keys.replyToken(token), entity: 'reply-token', ...target } satisfies ReplyTokenItem,
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      }),
    );
    return replyAddressOf(token, domain);
  } catch (error) {
    if (cancellationReasons(error)?.[0]?.Code !== 'ConditionalCheckFailed') throw error;
    // Another first use committed (or revoked the address) in the meantime: its outcome is the answer.
    const winner = await read<ReplyAddressItem>(key, true);
    return winner?.token && !winner.revoked ? replyAddressOf(winner.token, domain) : undefined;
  }
};

export type ResolvedToken = { outcome: 'found'; target: ReplyTarget } | { outcome: 'unknown' | 'revoked' };

/** What a token stands for: unknown (never issued, altered, malformed), revoked, or the member and conversation. */
export const resolveReplyToken = async (token: string): Promise<ResolvedToken> => {
  if (!TOKEN.test(token)) return { outcome: 'unknown' };
  const reverse = await read<ReplyTokenItem>(keys.replyToken(token), true);
  if (!reverse) return { outcome: 'unknown' };
  const { tenant, conversationId, member } = reverse;
  const current = await read<ReplyAddressItem>(keys.replyAddress(tenant, conversationId, member), true);
  if (current?.revoked) return { outcome: 'revoked' };
  if (current?.token !== token) return { outcome: 'unknown' };
  return { outcome: 'found', target: { tenant, conversationId, member } };
};

/**
 * Revokes the member's reply address in the conversation (e.g. when they are blocked or erased): every email ever
 * sent to them there stops working as a way in, and later emails carry the configured Reply-To instead.
 * Idempotent (a plain set); it also works before any address was issued, so none ever will be.
 */
export const revokeReplyAddress = async (
  tenant: string,
  conversationId: string,
  member: MemberKey,
  now = new Date().toISOString(),
) => {
  await db().send(
    new UpdateCommand({
      TableName: config.tableName,
      Key: keys.replyAddress(tenant, conversationId, member),
      UpdateExpression:
        'SET revoked = :true, entity = :entity, tenant = :tenant, conversationId = :conversationId, #member = :member, createdAt = if_not_exists(createdAt, :now)',
      ExpressionAttributeNames: { '#member': 'member' },
      ExpressionAttributeValues: {
        ':true': true,
        ':entity': 'reply-address' satisfies ReplyAddressItem['entity'],
        ':tenant': tenant,
        ':conversationId': conversationId,
        ':member': member,
        ':now': now,
      },
    }),
  );
};
