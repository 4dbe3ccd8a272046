import { afterEach, describe, expect, it, vi } from 'vitest';
import { newReplyToken, replyAddressOf, replyTokenOf } from '#shared/email/reply-address';
import { threadHeaders, threadSubject } from '#shared/email/threading';
import { userMember } from '#shared/table/keys';

describe('reply tokens and addresses', () => {
  it('are 32 base32 characters (160 random bits), different every time', () => {
    const tokens = Array.from({ length: 1000 }, newReplyToken);
    for (const token of tokens) expect(token).toMatch(/^[a-z2-7]{32}$/);
    expect(new Set(tokens).size).toBe(1000);
    // The local part stays within the 64 characters mail systems must accept.
    expect(`reply+${tokens[0]}`.length).toBeLessThanOrEqual(64);
  });

  it('reads the token back from an address at the reply domain, in any case, and nothing else', () => {
    const token = newReplyToken();
    const address = replyAddressOf(token, 'reply.example.test');
    expect(replyTokenOf(address, 'reply.example.test')).toBe(token);
    expect(replyTokenOf(address.toUpperCase(), 'reply.example.test')).toBe(token);
    expect(replyTokenOf(address, 'other.example.test')).toBeUndefined();
    for (const bad of [
      `reply+${token}x@reply.example.test`,
      `reply-${token}@reply.example.test`,
      'reply+@reply.example.test',
    ])
      expect(replyTokenOf(bad, 'reply.example.test')).toBeUndefined();
  });
});

describe('threading headers', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('give one conversation’s emails to one recipient one root; other recipients and conversations another', () => {
    vi.stubEnv('EMAIL_FROM', 'chat@shop.example');
    const at = (recipient: string, seq: number, conversationId = 'c-1') =>
      threadHeaders({ tenant: 't', conversationId, recipient: userMember(recipient), seq });
    const root = at('sam', 0).messageId;
    expect(root).toMatch(/^<conv\.[0-9a-f]{32}@shop\.example>$/);
    expect(at('sam', 0)).toEqual({ messageId: root });
    expect(at('sam', 5)).toEqual({
      messageId: expect.stringMatching(/^<n\.5\.[0-9a-f]{32}@shop\.example>$/),
      inReplyTo: root,
      references: root,
    });
    expect(at('sam', 5)).toEqual(at('sam', 5)); // deterministic: a resend is the same message to a client
    expect(at('sam', 6).messageId).not.toBe(at('sam', 5).messageId);
    expect(at('cora', 5).inReplyTo).not.toBe(root);
    expect(at('sam', 5, 'c-2').inReplyTo).not.toBe(root);
  });

  it('keep the subject of a thread on one line', () => {
    expect(threadSubject('Blue\r\nBcc: x@evil.test', 'Cora')).toBe('New enquiry from Cora: Blue Bcc: x@evil.test');
    expect(threadSubject('Blue Kettle')).toBe('Blue Kettle');
  });
});
