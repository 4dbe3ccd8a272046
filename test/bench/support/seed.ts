import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { MemberItem } from '#shared/chat/items/member';
import type { MessageItem } from '#shared/chat/items/message';
import { config } from '#shared/config';
import type { ConnectionItem } from '#shared/realtime/items/connection';
import { CONNECTION_TTL_SECONDS, type ConnectionRecord } from '#shared/realtime/model';
import { keys, type MemberKey, userMember } from '#shared/table/keys';

const BATCH = 25;
const PARALLEL = 4;

/**
 * Fills the table fast for the scaling runs: BatchWrite straight to DynamoDB, on a client of its own (never
 * metered), with items cloned from real ones the API wrote and keys from shared/table/keys.ts.
 */
export class Seeder {
  private readonly client = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });

  async read<T>(key: { PK: string; SK: string }): Promise<T> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: config.tableName, Key: key, ConsistentRead: true }),
    );
    if (!Item) throw new Error(`seed template ${key.PK} ${key.SK} not found`);
    return Item as T;
  }

  /**
   * Inbox entries `from..to-1` for the owner of `template`: conversations only they see, most recent last; with
   * `unread`, each also in the owner's unread index (GSI2), as for a seller who has not answered any of them.
   */
  async inboxEntries(template: MemberItem, from: number, to: number, options: { unread?: boolean } = {}) {
    const slot = template.member as MemberKey;
    await this.write(
      range(from, to).map((i) => {
        const conversationId = `seeded-${String(i).padStart(6, '0')}`;
        const at = new Date(Date.UTC(2020, 0, 1) + i * 1000).toISOString();
        const { GSI2PK: _unread, ...rest } = template;
        return {
          ...rest,
          ...keys.member(template.tenant, conversationId, slot),
          conversationId,
          conversation: { ...template.conversation, id: conversationId, createdAt: at },
          updatedAt: at,
          GSI1PK: keys.inboxPk(template.tenant, slot, false),
          GSI1SK: keys.inboxSk(at, conversationId),
          ...(options.unread && { GSI2PK: keys.unreadPk(template.tenant, slot) }),
        };
      }),
    );
  }

  /**
   * Messages with seq `from..to-1` in the conversation of `template` (the head is left as it is). They are
   * history, not sends: marked as applied already, so the stream processor does not fan each one out.
   */
  async messages(template: MessageItem, from: number, to: number) {
    await this.write(
      range(from, to).map((seq) => ({
        ...template,
        ...keys.message(template.tenant, template.conversationId, seq),
        id: `seeded-${seq}`,
        seq,
        opensConversation: true,
      })),
    );
  }

  /**
   * Live connections `from..to-1` of other customers of `tenant`, one each: the reverse item and the slot item,
   * in the shape $connect writes them (shared/realtime/connections.ts), unexpired and recently active.
   */
  async connections(tenant: string, from: number, to: number) {
    const nowMs = Date.now();
    const at = new Date(nowMs).toISOString();
    await this.write(
      range(from, to).flatMap((i): ConnectionItem[] => {
        const userId = `other-${String(i).padStart(6, '0')}`;
        // The reverse item is keyed by the connection id alone, so the id must be unique across tenants.
        const connectionId = `seeded-${tenant}-${i}`;
        const record: ConnectionRecord = {
          tenant,
          userId,
          role: 'customer',
          name: userId,
          connectionId,
          slots: [userMember(userId)],
          connectedAt: at,
          lastActiveAt: at,
          expiresAt: Math.floor(nowMs / 1000) + CONNECTION_TTL_SECONDS,
          tokenExpiresAt: Math.floor(nowMs / 1000) + 3600,
        };
        return [
          { ...record, ...keys.connection(connectionId), entity: 'connection' },
          ...record.slots.map(
            (slot): ConnectionItem => ({
              ...record,
              ...keys.slotConnection(tenant, slot, connectionId),
              entity: 'slot-connection',
            }),
          ),
        ];
      }),
    );
  }

  private async write(items: object[]) {
    const batches: object[][] = [];
    for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
    for (let i = 0; i < batches.length; i += PARALLEL) {
      await Promise.all(batches.slice(i, i + PARALLEL).map((batch) => this.writeBatch(batch)));
    }
  }

  private async writeBatch(items: object[]) {
    let requests: unknown[] = items.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const { UnprocessedItems } = await this.client.send(
        new BatchWriteCommand({ RequestItems: { [config.tableName]: requests as never } }),
      );
      requests = UnprocessedItems?.[config.tableName] ?? [];
    }
  }

  destroy() {
    this.client.destroy();
  }
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
