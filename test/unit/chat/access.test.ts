import { describe, expect, it } from 'vitest';
import type { Identity } from '#shared/auth/identity';
import { requireParticipant } from '#shared/chat/access';
import type { HeadItem } from '#shared/chat/items/head';
import { NotFound } from '#shared/errors';
import { SUPPORT_TEAM, userMember } from '#shared/table/keys';

const head = (members: HeadItem['members']) => ({ id: 'c', tenant: 't', members }) as HeadItem;
const who = (userId: string, role: Identity['role']): Identity => ({ tenant: 't', userId, role });

describe('requireParticipant', () => {
  it('gives the header and the caller’s slot: their own, or for agents the support team’s', () => {
    const support = head([userMember('cust-1'), SUPPORT_TEAM]);
    expect(requireParticipant(who('cust-1', 'customer'), support)).toEqual({
      head: support,
      slot: userMember('cust-1'),
    });
    expect(requireParticipant(who('agent-7', 'agent'), support)).toEqual({ head: support, slot: SUPPORT_TEAM });
    const direct = head([userMember('agent-7'), userMember('cust-2')]);
    expect(requireParticipant(who('agent-7', 'agent'), direct).slot).toBe(userMember('agent-7'));
  });

  it('is a 404 for a missing conversation and for one the caller is not part of, alike', () => {
    expect(() => requireParticipant(who('cust-1', 'customer'), undefined)).toThrow(NotFound);
    expect(() => requireParticipant(who('cust-2', 'customer'), head([userMember('cust-1'), SUPPORT_TEAM]))).toThrow(
      NotFound,
    );
    expect(() => requireParticipant(who('cust-1', 'seller'), head([userMember('cust-1x'), userMember('s')]))).toThrow(
      NotFound,
    );
  });
});
