import { describe, expect, it } from 'vitest';
import { looseId } from '#shared/compat/ids';
import { paginated } from '#shared/compat/laravel/paginator';
import { taggableFromTopic, topicFromTaggable } from '#shared/compat/participants/taggable';
import { chatJson } from '#shared/compat/support-chat-envelope/chats';
import { ADMIN_AWAY_MESSAGE, awayPrompt } from '#shared/compat/support-listing/away-prompt';
import { carbonParts, laravelTimestamp, laravelTimestampOrNull, sqlDateTime } from '#shared/compat/time';

describe('dialect value formats', () => {
  it('sends all-digit ids that fit a safe integer as numbers, every other id as it is', () => {
    expect([looseId('0'), looseId('7'), looseId('123456789012345')]).toEqual([0, 7, 123456789012345]);
    expect([looseId('0123'), looseId('1234567890123456'), looseId('seller-1'), looseId(''), looseId('12a')]).toEqual([
      '0123',
      '1234567890123456',
      'seller-1',
      '',
      '12a',
    ]);
  });

  it('writes timestamps as Laravel (microseconds), as MySQL DATETIME, and as Carbon date parts, in UTC', () => {
    expect(laravelTimestamp('2025-10-15T10:30:00.123Z')).toBe('2025-10-15T10:30:00.123000Z');
    expect(laravelTimestampOrNull(null)).toBeNull();
    expect(sqlDateTime('2023-09-28T19:15:22.500Z')).toBe('2023-09-28 19:15:22');
    expect(carbonParts('2023-03-04T00:05:00.000Z')).toEqual({
      year: '2023',
      month: '03',
      day_of_month: '04-Mar',
      date: 'March 04, 2023',
      time: '12:05 am',
    });
    expect(carbonParts('2023-12-24T13:53:00.000Z')).toMatchObject({ day_of_month: '24-Dec', time: '01:53 pm' });
    expect(carbonParts('2023-12-24T12:00:00.000Z').time).toBe('12:00 pm');
  });

  it('maps Laravel morph tags to core topics and back', () => {
    expect(topicFromTaggable('App\\Models\\Order', '123')).toEqual({ type: 'order', id: '123' });
    expect(topicFromTaggable('\\App\\Models\\OrderItem', '5')).toEqual({ type: 'order_item', id: '5' });
    expect(topicFromTaggable('booking', 'b-1')).toEqual({ type: 'booking', id: 'b-1' });
    expect(taggableFromTopic({ type: 'order_item', id: '5' })).toEqual({
      taggable_type: 'App\\Models\\OrderItem',
      taggable_id: 5,
    });
    expect(taggableFromTopic({ type: 'product', id: 'p-1' })).toEqual({
      taggable_type: 'App\\Models\\Product',
      taggable_id: null,
    });
    expect(taggableFromTopic(null)).toEqual({ taggable_type: null, taggable_id: null });
  });

  it('paginates like Laravel’s LengthAwarePaginator', () => {
    const path = 'https://api.example.test/api/v2/chat/conversations';
    expect(paginated(['a', 'b'], { number: 2, size: 2, total: 5 }, path)).toEqual({
      data: ['a', 'b'],
      links: { first: `${path}?page=1`, last: `${path}?page=3`, prev: `${path}?page=1`, next: `${path}?page=3` },
      meta: { current_page: 2, from: 3, last_page: 3, path, per_page: 2, to: 4, total: 5 },
    });
    expect(paginated([], { number: 1, size: 10, total: 0 }, path)).toMatchObject({
      links: { last: `${path}?page=1`, prev: null, next: null },
      meta: { from: null, to: null, last_page: 1, total: 0 },
    });
  });

  it('writes support chats as { message, created_at, user, admin } and the away prompt only for customers', () => {
    const m = { id: 'm1', conversationId: 'c1', seq: 1, text: 'Hi', createdAt: '2023-09-28T19:15:22.123Z' };
    expect(chatJson({ ...m, senderId: 'cust-1' }, 'cust-1')).toEqual({
      message: 'Hi',
      created_at: '2023-09-28 19:15:22',
      user: 1,
      admin: 0,
    });
    expect(chatJson({ ...m, senderId: 'agent-7' }, 'cust-1')).toEqual({
      message: 'Hi',
      created_at: '2023-09-28 19:15:22',
      user: 0,
      admin: 1,
    });
    const customer = { tenant: 't', userId: 'cust-1', role: 'customer' as const };
    const agent = { tenant: 't', userId: 'agent-7', role: 'agent' as const };
    expect(awayPrompt(true, customer)).toEqual({
      is_allAdminIdle: true,
      show_admin_away_prompt: true,
      admin_away_message: ADMIN_AWAY_MESSAGE,
    });
    expect(awayPrompt(false, customer).show_admin_away_prompt).toBe(false);
    expect(awayPrompt(true, agent)).toMatchObject({ is_allAdminIdle: true, show_admin_away_prompt: false });
  });
});
