import {
  type AttributeValue,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { createTable } from '#infra/local/create-table';
import { TABLE_KEY } from '#shared/table/definition';
import { type Capacity, priced } from './capacity';

type Item = Record<string, AttributeValue>;
type TransactItem = {
  Put?: { TableName: string; Item: Item } & Record<string, unknown>;
  Update?: { TableName: string; Key: Item } & Record<string, unknown>;
  Delete?: { TableName: string; Key: Item } & Record<string, unknown>;
  ConditionCheck?: { TableName: string; Key: Item } & Record<string, unknown>;
};

/** AWS bills a transactional write at twice the standard write units of each item. */
const TRANSACTIONAL_FACTOR = 2;

/**
 * DynamoDB Local 1.25 mis-reports the capacity of TransactWriteItems (it adds up distinct item sizes and
 * multiplies by 4: two 1 KB puts report 4 units, one reports 4 too). Standard writes it prices right, global
 * secondary indexes included (checked: 1 KB boundary, larger-of-old-and-new, index key change = delete + put).
 * So each item of a transaction is replayed as a standard write on a shadow table holding the same
 * pre-image (a condition check as a write of its item that changes nothing), and the sum doubled, which is AWS's
 * rule for transactional writes.
 */
export class TransactionPricer {
  private constructor(
    private readonly client: DynamoDBClient,
    private readonly shadowTable: string,
  ) {}

  static async create(shadowTable = 'bench-shadow') {
    const client = new DynamoDBClient({});
    await createTable(client, shadowTable);
    return new TransactionPricer(client, shadowTable);
  }

  /** Reads the pre-images now (before the transaction runs); the returned function prices it afterwards. */
  async prepare(input: Record<string, unknown>): Promise<() => Promise<{ total: number; detail: string }>> {
    const items = (input.TransactItems ?? []) as TransactItem[];
    const preImages = await Promise.all(items.map((item) => this.preImage(item)));
    return async () => {
      const consumed: Capacity[] = [];
      for (const [index, item] of items.entries()) consumed.push(await this.replay(item, preImages[index]));
      const { total, detail } = priced(consumed, TRANSACTIONAL_FACTOR);
      return { total, detail: `${items.length} items × 2, ${detail}` };
    };
  }

  private async preImage(item: TransactItem): Promise<Item | undefined> {
    const write = (item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck)!;
    const key = 'Item' in write ? keyOf(write.Item as Item) : (write.Key as Item);
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: write.TableName, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  private async replay(item: TransactItem, preImage: Item | undefined): Promise<Capacity> {
    const TableName = this.shadowTable;
    const key = item.Put ? keyOf(item.Put.Item) : (item.Update ?? item.Delete ?? item.ConditionCheck)!.Key;
    if (preImage) await this.client.send(new PutItemCommand({ TableName, Item: preImage }));
    else await this.client.send(new DeleteItemCommand({ TableName, Key: key }));
    const asStandard = { ReturnConsumedCapacity: 'INDEXES' as const, TableName };
    if (item.ConditionCheck) {
      // A condition check is billed as a write of the item it checks: an update that changes nothing (no index
      // write) costs exactly that; a missing item, one unit, as a delete of nothing does.
      const { ConsumedCapacity } = preImage
        ? await this.client.send(
            new UpdateItemCommand({
              Key: key,
              UpdateExpression: 'REMOVE #none',
              ExpressionAttributeNames: { '#none': 'bench-condition-check' },
              ...asStandard,
            }),
          )
        : await this.client.send(new DeleteItemCommand({ Key: key, ...asStandard }));
      return ConsumedCapacity;
    }
    const { ConsumedCapacity } = item.Put
      ? await this.client.send(new PutItemCommand({ ...item.Put, ...asStandard }))
      : item.Update
        ? await this.client.send(new UpdateItemCommand({ ...item.Update, ...asStandard }))
        : await this.client.send(new DeleteItemCommand({ ...item.Delete!, ...asStandard }));
    return ConsumedCapacity;
  }

  destroy() {
    this.client.destroy();
  }
}

const keyOf = (item: Item): Item => ({
  [TABLE_KEY.partitionKey]: item[TABLE_KEY.partitionKey]!,
  [TABLE_KEY.sortKey]: item[TABLE_KEY.sortKey]!,
});
