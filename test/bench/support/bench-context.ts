import type { LocalStack } from '#infra/local/stack';
import type { HttpCall } from '#test/support/http/client';
import type { DynamoMeter } from './dynamo-meter';

/** What every measurement family that needs the running system gets. */
export interface BenchContext {
  stack: LocalStack;
  meter: DynamoMeter;
  call: HttpCall;
}
