import type { Identity } from '#shared/auth/identity';
import { type OpeningKind, requireOpener } from '#shared/auth/roles';
import { partyKeys, productRef, sellerRef } from '#shared/catalog/directory';
import { getProduct, type ProductItem } from '#shared/catalog/items/product';
import { getSeller, type SellerFacts, type SellerItem } from '#shared/catalog/items/seller';
import type { UserItem } from '#shared/catalog/items/user';
import { copiedSeller, sellerCopyRefresh, sellerStillIs } from '#shared/catalog/seller-copy';
import { noConversationAt } from '#shared/chat/items/head';
import { invalidField } from '#shared/errors';
import { deterministicId } from '#shared/ids';
import { getMany } from '#shared/table/get-many';
import { keys, SUPPORT_TEAM, SUPPORT_TEAM_USER_ID, userMember } from '#shared/table/keys';
import type { Topic } from './model';
import type { Line, OpeningPlan, OpeningRound, Party } from './opening-types';
import { startOpening } from './start-opening';

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
const sellerParty = (seller: SellerFacts): Party => ({
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
 * "Contact seller" on a product: one conversation per (tenant, customer, seller, product), opened or found in two
 * sequential round trips: the product at once with the opening's first round, then the write.
 *
 * Where it is. At the id of (tenant, customer, product), without the seller, so the first round reads it before
 * the product names the seller, when the conversation there is with the product's seller. Otherwise at the
 * seller-specific id of (tenant, customer, seller, product) (`elsewhere`): the product changed hands since the
 * conversation at the first id was opened (PUT /v1/catalog/products), or the conversation was opened by an earlier
 * release, which put every product conversation there. Either costs one round trip more: reading that id, or a
 * create at the first id refused by its check that the seller-specific id holds no conversation.
 *
 * Uniqueness, also under concurrent opens (a conversation's header is never deleted, and its members never change):
 * - at the first id there is one conversation (its header is put only if absent), and it stays with one seller;
 * - a conversation with seller S is created at the first id only while S's seller-specific id holds none (a
 *   ConditionCheck in the same transaction), and at S's seller-specific id only once the first id holds one with
 *   another seller, which it then does for ever;
 * so no two conversations of one (customer, S, product) can both commit. Concurrent opens that lose a race find the
 * winner and go on from there (open-conversation.ts). The one gap: an opening by an earlier release still running
 * during the upgrade checks nothing at the first id (README "Upgrading").
 *
 * The seller's shop name and address come from the product's copy of the seller's directory entry
 * (catalog/seller-copy.ts), checked in the creating transaction: a copy that no longer holds (the shop renamed) is
 * replaced by the entry as it is (the check's ALL_OLD) and the create tried again, refreshing the product's copy in
 * the same transaction. A product without a copy (put by an earlier release, or its seller erased) reads the entry
 * after the product (422 when the seller is gone), and gets its copy with the conversation it creates.
 */
export const productConversationPlan = async (
  identity: Identity,
  input: FirstMessage & { productId: string; subject?: string },
): Promise<OpeningPlan> => {
  const caller = openingParty(identity, 'product');
  const { tenant, userId } = identity;
  const id = deterministicId(tenant, 'product', userId, input.productId);
  const written = explicitMessage(input);
  const [product, round] = await Promise.all([
    getProduct(tenant, input.productId),
    startOpening(identity, { snapshot: { id }, caller, firstMessage: written ?? { explicit: false } }),
  ]);
  if (!product) throw invalidField('productId', 'is not a known product');
  if (product.sellerId === userId) throw invalidField('productId', 'is your own product');
  const copied = copiedSeller(product);
  const seller = copied ?? (await getSeller(tenant, product.sellerId, true));
  if (!seller) throw invalidField('productId', 'has no known seller');
  const sellerSpecific = deterministicId(tenant, 'product', userId, product.sellerId, product.productId);
  const plan: OpeningPlan = {
    round,
    snapshot: {
      id,
      kind: 'product',
      topic: { type: 'product', id: product.productId },
      subject: input.subject ?? product.name,
      product: productRef(product),
      seller: sellerRef(seller),
    },
    elsewhere: { id: sellerSpecific, vacant: noConversationAt(tenant, sellerSpecific) },
    caller,
    other: sellerParty(seller),
    firstMessage: written ?? { text: `Hi, I have a question about "${product.name}".`, explicit: false },
  };
  return withSeller(plan, product, seller, copied === undefined);
};

/**
 * The plan with `seller` as the product's seller, relied on only while the seller's directory entry says the same
 * (checked in the creating transaction); `refresh`: the same transaction puts the product's copy as `seller` says.
 */
const withSeller = (plan: OpeningPlan, product: ProductItem, seller: SellerFacts, refresh: boolean): OpeningPlan => ({
  ...plan,
  snapshot: { ...plan.snapshot, seller: sellerRef(seller) },
  other: sellerParty(seller),
  madeUnder: {
    check: sellerStillIs(product.tenant, seller),
    remake: (current, found) => {
      if (!found) throw invalidField('productId', 'has no known seller');
      return withSeller(current, product, found as SellerItem, true);
    },
  },
  rider: refresh ? sellerCopyRefresh(product, seller) : undefined,
});

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
 * participant, so every agent reads and answers it. An optional product says what the question is about; an
 * optional follow-up (with a message) is stored right after it (OpeningPlan.followUp).
 */
export const supportConversationPlan = async (
  identity: Identity,
  input: FirstMessage & { productId?: string; followUp?: Line },
): Promise<OpeningPlan> => {
  const caller = openingParty(identity, 'support');
  const id = supportConversationId(identity);
  const first = explicitMessage(input);
  const followUp = first && input.followUp;
  const messages = { ...(first && { firstMessage: first }), ...(followUp && { followUp }) };
  const [product, round] = await Promise.all([
    input.productId === undefined ? undefined : getProduct(identity.tenant, input.productId),
    startOpening(identity, { snapshot: { id }, caller, ...messages }),
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
    ...messages,
  };
};
