/**
 * Capacity units as DynamoDB reports them (ConsumedCapacity) and what they add up to: shared by the meter, which
 * prices every call, and the TransactionPricer, which re-prices transactions DynamoDB Local reports wrong.
 */
type Units = { CapacityUnits?: number };
export type Capacity = (Units & { Table?: Units; GlobalSecondaryIndexes?: Record<string, Units> }) | undefined;

/** Total units of one call's ConsumedCapacity, and where they went. */
export const priced = (consumed: Capacity | Capacity[], factor = 1) => {
  const parts = new Map<string, number>();
  for (const c of Array.isArray(consumed) ? consumed : [consumed]) {
    if (!c) continue;
    parts.set('table', (parts.get('table') ?? 0) + (c.Table?.CapacityUnits ?? c.CapacityUnits ?? 0) * factor);
    for (const [index, units] of Object.entries(c.GlobalSecondaryIndexes ?? {})) {
      parts.set(index, (parts.get(index) ?? 0) + (units.CapacityUnits ?? 0) * factor);
    }
  }
  const total = [...parts.values()].reduce((a, b) => a + b, 0);
  return {
    total,
    detail: [...parts]
      .filter(([, u]) => u > 0)
      .map(([where, u]) => `${where} ${u}`)
      .join(', '),
  };
};
