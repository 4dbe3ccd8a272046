import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import type { AuditItem } from '#shared/moderation/items/audit';
import { db } from '#shared/table/client';
import { keys } from '#shared/table/keys';
import { tokenFor } from '#test/support/auth/tokens';
import { call } from '#test/support/http/client';
import { expectProblem } from '#test/support/http/problem';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';
import { closeAllWs, connectWs } from '#test/support/ws/client';

afterEach(closeAllWs);

type Message = { id: string; senderId: string; text: string; redacted?: true };

/** Waits for the erasure's audit record to say `done`. */
const erasureDone = (tenant: string, requestId: string) =>
  eventually(async () => {
    const { Items = [] } = await db().send(
      new QueryCommand({
        TableName: process.env.TABLE_NAME!,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': keys.audit(tenant, '', '').PK },
        ConsistentRead: true,
      }),
    );
    const audit = (Items as AuditItem[]).find((a) => a.requestId === requestId);
    expect(audit).toMatchObject({ status: 'done' });
    return audit!;
  }, 30_000);

/** Token `iat`s are whole seconds: a token issued in the second after `ms` is issued after it. */
const untilTheSecondAfter = async (ms: number) => {
  while (Math.floor(Date.now() / 1000) <= Math.floor(ms / 1000)) await new Promise((r) => setTimeout(r, 50));
};

describe('erased users', () => {
  it('refuses the tokens issued before the erasure wherever something would be stored (401), and takes a newer one', async () => {
    const w = await newWorld();
    const other = await newWorld();
    const conversation = await w.openProductConversation({ message: 'Hi' });
    const old = w.customer.token;
    const erased = await call('DELETE', `/v1/users/${w.customer.id}`, { token: w.service });
    expect(erased.status).toBe(202);
    const erasedAt = Date.now();

    const send = { token: old, body: { text: 'still here, call 0151 23456789' } };
    expectProblem(await call('POST', `/v1/conversations/${conversation.id}/messages`, send), 401);
    expectProblem(
      await call('POST', '/v1/conversations', { token: old, body: { productId: 'p-1', message: 'x' } }),
      401,
    );
    const support = { token: old, body: { message: 'Help' } };
    expectProblem(await call('POST', '/v1/support/conversations', support), 401);
    const report = { token: old, body: { reason: 'spam', note: 'my number is 0151 23456789' } };
    expectProblem(await call('POST', `/v1/conversations/${conversation.id}/reports`, report), 401);
    const file = { token: old, body: { fileName: 'me.png', contentType: 'image/png', size: 10 } };
    expectProblem(await call('POST', `/v1/conversations/${conversation.id}/attachments`, file), 401);
    await expect(connectWs(old)).rejects.toThrow('upgrade refused with 401');
    await erasureDone(w.tenant, erased.body.erasure.id);
    // Nothing new about them was stored: no profile (an opening writes one), only the redacted first message.
    const data = (await call('GET', `/v1/users/${w.customer.id}/data`, { token: w.service })).body;
    expect(data.profile).toBeNull();
    expect(data.conversations.map((c: { id: string }) => c.id)).toEqual([conversation.id]);
    expect(data.messages.map((m: Message) => [m.text, m.redacted])).toEqual([['', true]]);
    expect(data.reports).toEqual([]);
    // The same user id in another tenant is someone else.
    expect((await other.openProductConversation({ message: 'Hello' })).id).toBeTruthy();

    // A token issued after the erasure is a new lease the marketplace granted.
    await untilTheSecondAfter(erasedAt);
    const fresh = await tokenFor({ sub: w.customer.id, role: 'customer', tenant: w.tenant });
    const back = await call('POST', `/v1/conversations/${conversation.id}/messages`, {
      token: fresh,
      body: { text: 'back again' },
    });
    expect(back.status).toBe(201);
    const socket = await connectWs(fresh);
    socket.send({ action: 'sendMessage', conversationId: conversation.id, text: 'and live', clientMessageId: 'c-1' });
    expect(await socket.next({ type: 'message.ack' })).toMatchObject({ message: { text: 'and live' } });
  }, 60_000);

  it('erases what an agent wrote through the support team, announces each redaction, and exported it before', async () => {
    const w = await newWorld();
    const agent = await w.user('agent-7', 'agent', { name: 'Ann Agent' });
    const opened = await call('POST', '/v1/support/conversations', {
      token: w.customer.token,
      body: { message: 'Help please' },
    });
    const support = opened.body.conversation as { id: string };
    const answers: Message[] = [];
    for (const text of ['On it', 'Found your order', 'Anything else?']) {
      const sent = await call('POST', `/v1/conversations/${support.id}/messages`, {
        token: agent.token,
        body: { text },
      });
      expect(sent.status).toBe(201);
      answers.push(sent.body.message);
    }
    // The export of the agent holds them (the stream records where an agent wrote through the team slot).
    await eventually(async () => {
      const data = (await call('GET', `/v1/users/${agent.id}/data?limit=500`, { token: w.service })).body;
      expect(data.messages.map((m: Message) => m.text)).toEqual(['On it', 'Found your order', 'Anything else?']);
    }, 20_000);

    const customer = await connectWs(w.customer.token);
    const erased = await call('DELETE', `/v1/users/${agent.id}`, { token: w.service });
    expect(erased.status).toBe(202);
    const announced = [];
    for (const _ of answers)
      announced.push(await customer.next({ type: 'message.redacted', conversationId: support.id }, 20_000));
    expect(announced.map((e) => e.messageId).sort()).toEqual(answers.map((m) => m.id).sort());
    expect(await erasureDone(w.tenant, erased.body.erasure.id)).toMatchObject({ conversations: 1, messages: 3 });

    const log = (await call('GET', `/v1/conversations/${support.id}/messages`, { token: w.customer.token })).body
      .items as Message[];
    expect(log.filter((m) => m.senderId === agent.id).map((m) => [m.text, m.redacted])).toEqual(
      Array(3).fill(['', true]),
    );
    expect(log.find((m) => m.senderId === w.customer.id)?.text).toBe('Help please');
    expectProblem(
      await call('POST', `/v1/conversations/${support.id}/messages`, { token: agent.token, body: { text: 'hi' } }),
      401,
    );
  }, 60_000);
});
