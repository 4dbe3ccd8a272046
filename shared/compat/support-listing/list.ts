import type { Identity } from '#shared/auth/identity';
import { getMember } from '#shared/chat/items/member';
import { listInboxPage } from '#shared/chat/list-conversations';
import { supportConversationId } from '#shared/chat/opening-plans';
import { inFlight } from '#shared/compat/in-flight';
import { chatJson, HISTORY_SIZE, readShownChats, recentMessages } from '#shared/compat/support-chat-envelope/chats';
import { OK } from '#shared/compat/support-chat-envelope/envelope';
import { supportAvailability } from '#shared/realtime/presence';
import { SUPPORT_TEAM, userMember } from '#shared/table/keys';
import { awayPrompt } from './away-prompt';
import { conversationEntry } from './shapes';

/** Conversations per page of an agent's queue, and the newest messages shown of each. */
const QUEUE_PAGE_SIZE = 20;
const QUEUE_PREVIEW_SIZE = 20;

/**
 * GET /api/v1/chat/list (seed 002). A customer or guest gets their support conversation's history: `chats` in
 * newChat's shape (the same screen) and the conversation as the one entry of `conversations`; showing it reads
 * it. An agent gets the tenant's support queue (the team's inbox, most recent activity first), each entry with
 * its newest messages; listing reads nothing (the agent has not opened those conversations). Both get the
 * admin-away prompt data.
 */
export const listSupportChats = async (identity: Identity, page: number) => {
  const [listing, { allAgentsIdle }] = await Promise.all([
    identity.role === 'agent' ? teamQueue(identity, page) : ownConversation(identity, page),
    supportAvailability(identity.tenant),
  ]);
  return {
    ...OK,
    chats: listing.chats,
    ...awayPrompt(allAgentsIdle, identity),
    conversations: listing.conversations,
    current_page: page,
    last_page: Math.max(1, Math.ceil(listing.total / QUEUE_PAGE_SIZE)),
    per_page: QUEUE_PAGE_SIZE,
    total: listing.total,
  };
};

const ownConversation = async (identity: Identity, page: number) => {
  const id = supportConversationId(identity);
  // The history is read with the member item (the conversation's id is the user's own): one round trip, not two.
  const history = page === 1 ? inFlight(recentMessages(identity, id, HISTORY_SIZE)) : undefined;
  const member = await getMember(identity.tenant, id, userMember(identity.userId), true);
  if (!member || !history) return { chats: [], conversations: [], total: member ? 1 : 0 };
  const shown = await history;
  await readShownChats(identity, member, shown);
  return {
    chats: shown.map((m) => chatJson(m, identity.userId)),
    conversations: [conversationEntry(member, shown)],
    total: 1,
  };
};

const teamQueue = async (identity: Identity, page: number) => {
  const { items, total } = await listInboxPage(identity.tenant, SUPPORT_TEAM, {
    number: page,
    size: QUEUE_PAGE_SIZE,
    archived: false,
  });
  const conversations = await Promise.all(
    items.map(async (member) =>
      conversationEntry(member, await recentMessages(identity, member.conversationId, QUEUE_PREVIEW_SIZE)),
    ),
  );
  return { chats: [], conversations, total };
};
