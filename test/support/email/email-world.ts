import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { HeadItem } from '#shared/chat/items/head';
import type { MemberItem } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import { readClaim } from '#shared/email/email-claims';
import { db } from '#shared/table/client';
import { keys, userMember } from '#shared/table/keys';
import { tokenFor } from '#test/support/auth/tokens';
import { call } from '#test/support/http/client';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

/**
 * A fresh world whose seller and customer have addresses no other test uses, so the shared local SES inbox can
 * be filtered by recipient; plus readers for the table items the email effects work from.
 */
export const emailWorld = async () => {
  const w = await newWorld();
  const sellerEmail = `seller.${w.tenant}@example.test`;
  const put = await call('PUT', `/v1/catalog/sellers/${w.seller.id}`, {
    token: w.service,
    body: { shopName: 'Sam’s Shop', email: sellerEmail },
  });
  if (put.status !== 200) throw new Error(`seller setup failed: ${JSON.stringify(put.body)}`);
  const customerEmail = `cora.${w.tenant}@example.test`;
  const customer = {
    id: 'cust-1',
    email: customerEmail,
    token: await tokenFor({
      sub: 'cust-1',
      role: 'customer',
      tenant: w.tenant,
      name: 'Cora Customer',
      email: customerEmail,
    }),
  };
  const table = async <T>(key: { PK: string; SK: string }) =>
    (await db().send(new GetCommand({ TableName: process.env.TABLE_NAME!, Key: key, ConsistentRead: true }))).Item as
      | T
      | undefined;
  return {
    ...w,
    seller: { ...w.seller, email: sellerEmail },
    customer,
    open: (body: Record<string, unknown> = {}, token = customer.token) => w.openProductConversation(body, token),
    head: (id: string) => table<HeadItem>(keys.head(w.tenant, id)),
    message: (id: string, seq: number) => table<MessageItem>(keys.message(w.tenant, id, seq)),
    member: (id: string, userId: string) => table<MemberItem>(keys.member(w.tenant, id, userMember(userId))),
    notifyClaim: (id: string, userId: string) => readClaim(keys.emailNotify(w.tenant, id, userMember(userId))),
    openedClaim: (id: string, userId: string) => readClaim(keys.emailOpened(w.tenant, id, userMember(userId))),
    /** Waits until the email consumer has handled the conversation's opening (it starts the seller's window). */
    windowStarted: (id: string) =>
      eventually(async () => {
        const claim = await readClaim(keys.emailNotify(w.tenant, id, userMember(w.seller.id)));
        if (!claim) throw new Error('the opening has not been handled yet');
        return claim;
      }),
  };
};

export type EmailWorld = Awaited<ReturnType<typeof emailWorld>>;

/** A message the stream delivers but nobody wrote to the table, at a chosen time (time injection for the window). */
export const laterMessage = (
  head: HeadItem,
  seq: number,
  from: string,
  text: string,
  createdAt: string,
): MessageItem => ({
  ...keys.message(head.tenant, head.id, seq),
  entity: 'message',
  tenant: head.tenant,
  id: `m-${seq}-${head.id}`,
  conversationId: head.id,
  seq,
  senderId: from,
  sender: userMember(from),
  text,
  createdAt,
  members: head.members,
});

export const plusMinutes = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * 60_000).toISOString();
