import { describe, expect, it } from 'vitest';
import { getMessage } from '#shared/chat/items/message';
import { putReportOnce, reportItem } from '#shared/moderation/items/report';
import { call } from '#test/support/http/client';
import { expectInvalidFields, expectProblem } from '#test/support/http/problem';
import { eventually } from '#test/support/stack/eventually';
import { newWorld } from '#test/support/stack/world';

type Report = { id: string; status: string; messageId: string | null; message?: Record<string, unknown> | null };

const queue = async (token: string, query = '') =>
  (await call('GET', `/v1/moderation/reports${query ? `?${query}` : ''}`, { token })).body as {
    items: Report[];
    nextCursor: string | null;
  };

/** A tenant that masks contact details, an agent, and a seller's message with a phone number in a conversation. */
const maskedOffer = async () => {
  const w = await newWorld();
  await call('PUT', '/v1/policy', { token: w.service, body: { contactInfo: 'mask' } });
  const agent = await w.user('agent-1', 'agent');
  const { id } = await w.openProductConversation({ message: 'Hello' });
  const sent = await call('POST', `/v1/conversations/${id}/messages`, {
    token: w.seller.token,
    body: { text: 'Pay me directly: call 0151 23456789' },
  });
  return { w, agent, id, sent };
};

describe('reports and the moderation queue', () => {
  it('a participant reports a message; moderators see it, newest first, with the message’s original text', async () => {
    const { w, agent, id, sent } = await maskedOffer();
    const messageId = sent.body.message.id;

    const filed = await call('POST', `/v1/conversations/${id}/reports`, {
      token: w.customer.token,
      body: { messageId, reason: 'fraud', note: 'Wants payment outside the shop.' },
    });
    expect(filed.status).toBe(201);
    expect(filed.body.report).toEqual({
      id: expect.stringMatching(new RegExp(`^${id}\\.`)),
      conversationId: id,
      messageId,
      reporterId: w.customer.id,
      reason: 'fraud',
      note: 'Wants payment outside the shop.',
      status: 'open',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    // The reporter never sees the original text; filing again (a retry) is the same report.
    expect(JSON.stringify(filed.body)).not.toContain('23456789');
    const again = await call('POST', `/v1/conversations/${id}/reports`, {
      token: w.customer.token,
      body: { messageId, reason: 'fraud' },
    });
    expect(again.status).toBe(200);
    expect(again.body.report).toEqual(filed.body.report);
    // A report about the whole conversation, by the other participant.
    const general = await call('POST', `/v1/conversations/${id}/reports`, {
      token: w.seller.token,
      body: { reason: 'abuse' },
    });
    expect(general.status).toBe(201);
    expect(general.body.report).toMatchObject({ messageId: null, note: null });

    for (const token of [agent.token, w.service]) {
      const page = await eventually(async () => {
        const open = await queue(token);
        expect(open.items).toHaveLength(2);
        return open;
      });
      expect(page.items.map((r) => r.id)).toEqual([general.body.report.id, filed.body.report.id]);
      expect(page.items[0]!.message).toBeNull();
      expect(page.items[1]!.message).toEqual({
        ...sent.body.message,
        originalText: 'Pay me directly: call 0151 23456789',
      });
      expect(page.nextCursor).toBeNull();
    }

    // Redacted since: the queue shows the message emptied too (the stream empties the report's copy).
    const redacted = await call('DELETE', `/v1/conversations/${id}/messages/${messageId}`, { token: agent.token });
    expect(redacted.status).toBe(200);
    await eventually(async () => {
      const [, reported] = (await queue(agent.token)).items;
      expect(reported!.message).toEqual({ ...redacted.body.message });
      expect(JSON.stringify(reported)).not.toContain('23456789');
    });
  });

  it('status changes move a report between the open, resolved and dismissed queues; pages follow sealed cursors', async () => {
    const w = await newWorld();
    const agent = await w.user('agent-1', 'agent');
    const { id } = await w.openProductConversation({ message: 'Hello' });
    const ids: string[] = [];
    for (const [token, reason] of [
      [w.customer.token, 'spam'],
      [w.seller.token, 'abuse'],
      [w.customer.token, 'other'],
    ] as const) {
      const messageId =
        reason === 'other'
          ? (await call('GET', `/v1/conversations/${id}/messages?limit=1`, { token })).body.items[0].id
          : undefined;
      const res = await call('POST', `/v1/conversations/${id}/reports`, {
        token,
        body: { reason, ...(messageId && { messageId }) },
      });
      expect(res.status).toBe(201);
      ids.push(res.body.report.id);
    }
    const first = await eventually(async () => {
      const page = await queue(agent.token, 'limit=2');
      expect(page.items.map((r) => r.id)).toEqual([ids[2], ids[1]]);
      return page;
    });
    const second = await queue(agent.token, `limit=2&cursor=${first.nextCursor}`);
    expect(second).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    // A cursor is the caller's, for this list only.
    expectInvalidFields(
      await call('GET', `/v1/moderation/reports?status=resolved&cursor=${first.nextCursor}`, { token: agent.token }),
      ['cursor'],
    );
    expectInvalidFields(await call('GET', `/v1/moderation/reports?cursor=${first.nextCursor}`, { token: w.service }), [
      'cursor',
    ]);

    const resolved = await call('PATCH', `/v1/moderation/reports/${ids[1]}`, {
      token: agent.token,
      body: { status: 'resolved' },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.report).toMatchObject({ id: ids[1], status: 'resolved' });
    expect(
      (await call('PATCH', `/v1/moderation/reports/${ids[1]}`, { token: agent.token, body: { status: 'resolved' } }))
        .status,
    ).toBe(200);
    await call('PATCH', `/v1/moderation/reports/${ids[0]}`, { token: w.service, body: { status: 'dismissed' } });
    await eventually(async () => {
      expect((await queue(agent.token)).items.map((r) => r.id)).toEqual([ids[2]]);
      expect((await queue(agent.token, 'status=resolved')).items.map((r) => r.id)).toEqual([ids[1]]);
      expect((await queue(agent.token, 'status=dismissed')).items.map((r) => r.id)).toEqual([ids[0]]);
    });
    // Reopened, it is back in the open queue, in its place by creation time.
    await call('PATCH', `/v1/moderation/reports/${ids[1]}`, { token: agent.token, body: { status: 'open' } });
    await eventually(async () => expect((await queue(agent.token)).items.map((r) => r.id)).toEqual([ids[2], ids[1]]));
  });

  it('refuses what is not a report: unknown messages, strangers, other roles, bad input', async () => {
    const w = await newWorld();
    const { id } = await w.openProductConversation({ message: 'Hello' });
    const stranger = await w.user('stranger');
    expectInvalidFields(
      await call('POST', `/v1/conversations/${id}/reports`, {
        token: w.customer.token,
        body: { messageId: 'no-such-message', reason: 'spam' },
      }),
      ['messageId'],
    );
    expectInvalidFields(
      await call('POST', `/v1/conversations/${id}/reports`, {
        token: w.customer.token,
        body: { reason: 'boring', note: '' },
      }),
      ['reason', 'note'],
    );
    expectProblem(
      await call('POST', `/v1/conversations/${id}/reports`, { token: stranger.token, body: { reason: 'spam' } }),
      404,
    );
    expectProblem(await call('GET', '/v1/moderation/reports', { token: w.customer.token }), 403);
    expectInvalidFields(await call('GET', '/v1/moderation/reports?status=new', { token: w.service }), ['status']);
    expectProblem(
      await call('PATCH', `/v1/moderation/reports/${id}.${'a'.repeat(22)}`, {
        token: w.service,
        body: { status: 'resolved' },
      }),
      404,
    );
    expectProblem(
      await call('PATCH', '/v1/moderation/reports/not-a-report', { token: w.service, body: { status: 'resolved' } }),
      404,
    );
  });
});

describe('a report racing a redaction of its message', () => {
  it('keeps the message as the redaction left it when the redaction came between reading it and filing', async () => {
    const { w, agent, id, sent } = await maskedOffer();
    // The report's read of the message, then the redaction, then the report's write (the stream found no report).
    const read = (await getMessage(w.tenant, id, sent.body.message.seq))!;
    expect((await call('DELETE', `/v1/conversations/${id}/messages/${read.id}`, { token: agent.token })).status).toBe(
      200,
    );
    const filed = await putReportOnce(
      reportItem({
        tenant: w.tenant,
        conversationId: id,
        key: 'k'.repeat(22),
        message: read,
        reporterId: w.customer.id,
        reason: 'fraud',
        at: new Date().toISOString(),
      }),
    );
    expect(filed.created).toBe(true);
    expect(filed.report.reportedMessage).toMatchObject({ id: read.id, text: '', redacted: true });
    expect(JSON.stringify(filed.report)).not.toContain('23456789');
    const [listed] = (await queue(agent.token)).items;
    expect(listed!.message).toMatchObject({ id: read.id, text: '', redacted: true });
  });
});
