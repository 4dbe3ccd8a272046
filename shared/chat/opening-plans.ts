import type { Identity } from '#shared/auth/identity';
import { type OpeningKind, requireOpener } from '#shared/auth/roles';
import { partyKeys, productRef, sellerRef } from '#shared/catalog/directory';
import { getProduct } from '#shared/catalog/items/product';
import { getSeller, type SellerItem } from '#shared/catalog/items/seller';
import type { UserItem } from '#shared/catalog/items/user';
import { invalidField } from '#shared/errors';
import { deterministicId } from '#shared/ids';
import { getMany } from '#shared/table/get-many';
import { keys, SUPPORT_TEAM, SUPPORT_TEAM_USER_ID, userMember } from '#shared/table/keys';
import type { Topic } from './model';
import { type OpeningPlan, type OpeningRound, type Party, startOpening } from './open-conversation';

interface FirstMessage {
  message?: string;
  clientMessageId?: string;
}

/**
 * The caller as the party opening a conversation of this kind, or 403 when their role may not open one
 * (shared/auth/roles.ts OPENERS). Every plan starts here, before it reads anything: a refused caller learns
 * nothing (not whether a product or user id is known).
 */
export const openingParty = (identity: Identity, kind: OpeningKind): Party => {
  requireOpener(identity.role, kind);
  return callerParty(identity);
};

const callerParty = (identity: Identity): Party => ({
  slot: userMember(identity.userId),
  userId: identity.userId,
  role: identity.role,
  ...(identity.name !== undefined && { name: identity.name }),
  ...(identity.email !== undefined && { email: identity.email }),
});

/** A seller as a party: their shop name and directory address, as every conversation with them shows them. */
const sellerParty = (seller: SellerItem): Party => ({
  slot: userMember(seller.sellerId),
  userId: seller.sellerId,
  role: 'seller',
  name: seller.shopName,
  email: seller.email,
});

const explicitMessage = (input: FirstMessage) =>
  input.message === undefined
    ? undefined
    : {
        text: input.message,
        explicit: true,
        ...(input.clientMessageId !== undefined && { clientMessageId: input.clientMessageId }),
      };

/**
 * "Contact seller" on a product: one conversation per (tenant, customer, seller, product). The product names the
 * seller, and the seller's id is part of the conversation's, so the product is read first; then the seller, at once
 * with the opening's first round trip.
 */
export const productConversationPlan = async (
  identity: Identity,
  input: FirstMessage & { productId: string; subject?: string },
): Promise<OpeningPlan> => {
  const caller = openingParty(identity, 'product');
  const product = await getProduct(identity.tenant, input.productId);
  if (!product) throw invalidField('productId', 'is not a known product');
  const id = deterministicId(identity.tenant, 'product', identity.userId, product.sellerId, product.productId);
  const firstMessage = explicitMessage(input) ?? {
    text: `Hi, I have a question about "${product.name}".`,
    explicit: false,
  };
  const [seller, round] = await Promise.all([
    getSeller(identity.tenant, product.sellerId, true),
    startOpening(identity, { snapshot: { id }, caller, firstMessage }),
  ]);
  if (!seller) throw invalidField('productId', 'has no known seller');
  if (seller.sellerId === identity.userId) throw invalidField('productId', 'is your own product');
  return {
    round,
    snapshot: {
      id,
      kind: 'product',
      topic: { type: 'product', id: product.productId },
      subject: input.subject ?? product.name,
      product: productRef(product),
      seller: sellerRef(seller),
    },
    caller,
    other: sellerParty(seller),
    firstMessage,
  };
};

/**
 * A 1:1 conversation with another user, optionally about a topic (an order): one per (pair, topic). The id is
 * built from the pair in sorted order, so either side opening it (a customer with a seller, that seller with the
 * customer) reaches the same conversation.
 */
export const directConversationPlan = async (
  identity: Identity,
  input: FirstMessage & { participantId: string; topic?: Topic; subject?: string },
): Promise<OpeningPlan> => {
  const caller = openingParty(identity, 'direct');
  if (input.participantId === identity.userId) throw invalidField('participantId', 'must be someone other than you');
  const topic = input.topic ?? null;
  const pair = [identity.userId, input.participantId].sort();
  const id = deterministicId(identity.tenant, 'direct', ...pair, topic?.type ?? '', topic?.id ?? '');
  const bySeller = identity.role === 'seller';
  const first = explicitMessage(input);
  // The participant (seller or known user) and, for a seller, their own directory entry, in one read, at once with
  // the opening's first round trip.
  const [[seller, user, own], round] = (await Promise.all([
    getMany(
      [
        ...partyKeys(identity.tenant, input.participantId),
        ...(bySeller ? [keys.seller(identity.tenant, identity.userId)] : []),
      ],
      true,
    ),
    startOpening(identity, { snapshot: { id }, caller, ...(first && { firstMessage: first }) }),
  ])) as [[SellerItem | undefined, UserItem | undefined, SellerItem | undefined], OpeningRound];
  if (!seller && !user) throw invalidField('participantId', 'is not a known user');
  // Sellers open conversations with their customers (API.md "Who may open what"), not with other shops or guests.
  if (bySeller && (seller || user?.role !== 'customer')) throw invalidField('participantId', 'is not a customer');
  const other: Party = seller
    ? sellerParty(seller)
    : {
        slot: userMember(user!.userId),
        userId: user!.userId,
        role: user!.role,
        ...(user!.name !== undefined && { name: user!.name }),
        ...(user!.email !== undefined && { email: user!.email }),
      };
  // The seller of the pair, whichever side opens: the same participants and snapshot either way.
  const shop = seller ?? own;
  return {
    round,
    snapshot: {
      id,
      kind: 'direct',
      topic,
      subject: input.subject ?? (topic ? `${topic.type} ${topic.id}` : (other.name ?? other.userId)),
      product: null,
      seller: shop ? sellerRef(shop) : null,
    },
    caller: own ? sellerParty(own) : caller,
    other,
    ...(first && { firstMessage: first }),
  };
};

/** The id of a customer's or guest's one support conversation (whether it exists yet or not). */
export const supportConversationId = (identity: Pick<Identity, 'tenant' | 'userId'>) =>
  deterministicId(identity.tenant, 'support', identity.userId);

/**
 * A customer's or guest's support conversation: one per (tenant, user), with the tenant's support team as the other
 * participant, so every agent reads and answers it. An optional product says what the question is about.
 */
export const supportConversationPlan = async (
  identity: Identity,
  input: FirstMessage & { productId?: string },
): Promise<OpeningPlan> => {
  const caller = openingParty(identity, 'support');
  const id = supportConversationId(identity);
  const first = explicitMessage(input);
  const [product, round] = await Promise.all([
    input.productId === undefined ? undefined : getProduct(identity.tenant, input.productId),
    startOpening(identity, { snapshot: { id }, caller, ...(first && { firstMessage: first }) }),
  ]);
  if (input.productId !== undefined && !product) throw invalidField('productId', 'is not a known product');
  return {
    round,
    snapshot: {
      id,
      kind: 'support',
      topic: { type: 'support', id: identity.userId },
      subject: product ? `Support: ${product.name}` : 'Support',
      product: product ? productRef(product) : null,
      seller: null,
    },
    caller,
    other: { slot: SUPPORT_TEAM, userId: SUPPORT_TEAM_USER_ID, role: 'agent', name: 'Support' },
    ...(first && { firstMessage: first }),
  };
};
