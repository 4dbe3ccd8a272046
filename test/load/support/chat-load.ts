import { randomUUID } from 'node:crypto';
import type { Role } from '#shared/auth/identity';
import { tokenFor } from '#test/support/auth/tokens';
import type { HttpCall } from '#test/support/http/client';
import type { LoadOptions } from './load-options';

export interface Participant {
  id: string;
  token: string;
}

/** What the API acknowledged for one message. */
export interface Ack {
  conversationId: string;
  senderId: string;
  sender: number;
  order: number;
  clientMessageId: string;
  text: string;
  seq: number;
  id: string;
}

export interface LoadConversation {
  id: string;
  customer: Participant;
  seller: Participant;
  acks: Ack[];
}

export interface LoadOutcome {
  tenant: string;
  seller: Participant;
  conversations: LoadConversation[];
  /** Every HTTP status the load saw, with how often. */
  statuses: Map<number, number>;
  /** Contract breaches seen while running (an idempotent retry answered with another message, a 4xx, …). */
  problems: string[];
  reads: number;
}

const MAX_ATTEMPTS = 30;

/**
 * N conversations (each a customer and one shared seller) × M senders each, sending for T seconds over real HTTP.
 * Senders alternate between the two participants (several devices of the same person). Each send carries a
 * clientMessageId and is retried with it until acknowledged, like a real client; now and then a client retries a
 * send that already succeeded, and must get the same message back. Some turns mark the conversation read instead.
 */
export const runChatLoad = async (
  call: HttpCall,
  options: LoadOptions,
  during: (elapsedFraction: number) => Promise<void> = async () => undefined,
): Promise<LoadOutcome> => {
  const tenant = `load-${randomUUID().slice(0, 8)}`;
  const service = await tokenFor({ sub: 'storefront', role: 'service', tenant });
  const participant = async (id: string, role: Role): Promise<Participant> => ({
    id,
    token: await tokenFor({ sub: id, role, tenant, name: id }),
  });
  const seller = await participant('seller-1', 'seller');
  const outcome: LoadOutcome = { tenant, seller, conversations: [], statuses: new Map(), problems: [], reads: 0 };
  const tally = (status: number) => outcome.statuses.set(status, (outcome.statuses.get(status) ?? 0) + 1);

  expectStatus(
    await call('PUT', `/v1/catalog/sellers/${seller.id}`, {
      token: service,
      body: { shopName: 'Load Shop', email: 's@example.test' },
    }),
    200,
  );
  expectStatus(
    await call('PUT', '/v1/catalog/products/p-1', {
      token: service,
      body: { name: 'Load Kettle', sellerId: seller.id },
    }),
    200,
  );
  for (let i = 0; i < options.conversations; i++) {
    const customer = await participant(`cust-${i}`, 'customer');
    const text = `opening ${i}`;
    const clientMessageId = `open-${i}`;
    const created = expectStatus(
      await call('POST', '/v1/conversations', {
        token: customer.token,
        body: { productId: 'p-1', message: text, clientMessageId },
      }),
      201,
    );
    const id = created.body.id as string;
    const opening: Ack = {
      conversationId: id,
      senderId: customer.id,
      sender: -1,
      order: 0,
      clientMessageId,
      text,
      seq: created.body.lastMessage.seq,
      id: created.body.lastMessage.id,
    };
    outcome.conversations.push({ id, customer, seller, acks: [opening] });
  }

  const deadline = Date.now() + options.seconds * 1000;
  const sender = async (conversation: LoadConversation, index: number) => {
    const me = index % 2 === 0 ? conversation.customer : conversation.seller;
    const path = `/v1/conversations/${conversation.id}`;
    for (let order = 1; Date.now() < deadline; order++) {
      if (Math.random() < 0.15) {
        const reply = await withRetries(() => call('POST', `${path}/read`, { token: me.token, body: {} }), tally);
        outcome.reads += 1;
        if (reply.status !== 200)
          outcome.problems.push(`mark read answered ${reply.status}: ${JSON.stringify(reply.body)}`);
        continue;
      }
      const clientMessageId = `s${index}-${order}`;
      const text = `${conversation.id} sender ${index} message ${order}`;
      const send = () => call('POST', `${path}/messages`, { token: me.token, body: { text, clientMessageId } });
      const reply = await withRetries(send, tally);
      if (reply.status !== 201 && reply.status !== 200) {
        outcome.problems.push(`send ${clientMessageId} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
        continue;
      }
      const message = reply.body.message;
      conversation.acks.push({
        conversationId: conversation.id,
        senderId: me.id,
        sender: index,
        order,
        clientMessageId,
        text,
        seq: message.seq,
        id: message.id,
      });
      if (Math.random() < 0.1) {
        const again = await withRetries(send, tally);
        if (again.status !== 200 || again.body.message.id !== message.id || again.body.message.seq !== message.seq) {
          outcome.problems.push(
            `retry of ${clientMessageId} answered ${again.status} ${JSON.stringify(again.body)}, first answer was seq ${message.seq}`,
          );
        }
      }
    }
  };

  const started = Date.now();
  const hooks = (async () => {
    for (const fraction of [1 / 3, 2 / 3]) {
      await sleep(Math.max(0, started + fraction * options.seconds * 1000 - Date.now()));
      await during(fraction);
    }
  })();
  await Promise.all([
    ...outcome.conversations.flatMap((c) => Array.from({ length: options.senders }, (_, i) => sender(c, i))),
    hooks,
  ]);
  return outcome;
};

/** Retries what a client may retry (throttling, gateway trouble, a lost connection) with the same request. */
const withRetries = async (send: () => Promise<{ status: number; body: any }>, tally: (status: number) => void) => {
  for (let attempt = 1; ; attempt++) {
    try {
      const reply = await send();
      tally(reply.status);
      if (!(reply.status === 429 || reply.status >= 500) || attempt >= MAX_ATTEMPTS) return reply;
    } catch (error) {
      tally(0);
      if (attempt >= MAX_ATTEMPTS) throw error;
    }
    await sleep(Math.min(1_000, 20 * 2 ** attempt) * Math.random());
  }
};

const expectStatus = <R extends { status: number; body: any }>(reply: R, status: number) => {
  if (reply.status !== status) throw new Error(`setup call answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
