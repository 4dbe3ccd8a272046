import type { Identity } from '#shared/auth/identity';
import type { MemberItem } from '#shared/chat/items/member';
import { openEmptyConversation } from '#shared/chat/open-conversation';
import { directConversationPlan } from '#shared/chat/opening-plans';
import { teamTopicPlan } from '#shared/chat/team-plan';
import { SUPPORT_TEAM_USER_ID } from '#shared/table/keys';
import type { StartChatBody } from './requests';

/**
 * An order room is a core conversation about the order (topic `{ type: "order", id: order_id }`):
 * - `vendor-to-user`: the caller and the seller `vendor_id` (vendor ids are seller ids of the directory, i.e.
 *   the seller's user id), the core's direct conversation, so the same room as
 *   POST /v1/conversations { participantId: vendor_id, topic: order };
 * - `agent-to-user`: the caller and the tenant's support team, which every agent reaches.
 * One room per (caller, other party, order): a repeated startChat answers the same room (idempotent).
 */
export const startChat = async (identity: Identity, body: StartChatBody) => {
  const topic = { type: 'order', id: body.order_id };
  const plan =
    body.type === 'vendor-to-user'
      ? await directConversationPlan(identity, { participantId: body.vendor_id!, topic })
      : teamTopicPlan(identity, { topic });
  const { member } = await openEmptyConversation(identity, plan);
  return { message: 'Room created successfully !!!', roomData: roomJson(identity, member, body), status: 200 };
};

/**
 * `roomData` exactly as documented: string ids, `type` with underscores, `room_id` the conversation number,
 * `room_name` in the documented pattern (its "oderVendor" spelling included), `_id` the conversation id.
 */
const roomJson = (identity: Identity, member: MemberItem, body: StartChatBody) => {
  const c = member.conversation;
  const roomId = String(c.number);
  const agentId = body.type === 'vendor-to-user' ? body.vendor_id! : SUPPORT_TEAM_USER_ID;
  const dbName = body.db_name ?? identity.tenant;
  return {
    _id: c.id,
    status: true,
    type: body.type.replaceAll('-', '_'),
    room_id: roomId,
    room_name: `OrderNo-${roomId}-orderId-${body.order_id}-oderVendor-${body.order_vendor_id}-agentId-${agentId}`,
    order_vendor_id: body.order_vendor_id,
    order_id: body.order_id,
    agent_db: dbName,
    vendor_id: body.vendor_id ?? '',
    sub_domain: body.sub_domain ?? '',
    vendor_user_id: body.vendor_id ?? '',
    order_user_id: identity.userId,
    agent_id: agentId,
    db_name: dbName,
    client_id: body.client_id ?? '',
    created_date: c.createdAt,
    updated_date: member.updatedAt,
    __v: 0,
  };
};
