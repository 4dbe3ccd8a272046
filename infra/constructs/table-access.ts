import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { TableAccess } from '#infra/routes/index';
import { INDEXES } from '#shared/table/definition';

/**
 * Grants a function exactly the table access its route declares: the item actions on the table ARN, and
 * Query on each named index ARN. Never `dynamodb:*`, never `index/*` (unlike `table.grantReadWriteData`).
 */
export const grantTableAccess = (fn: IFunction, table: ITableV2, access: TableAccess) => {
  if (access.actions.length > 0) {
    fn.addToRolePolicy(
      new PolicyStatement({ actions: access.actions.map((a) => `dynamodb:${a}`), resources: [table.tableArn] }),
    );
  }
  const indexes = access.queryIndexes ?? [];
  if (indexes.length > 0) {
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: indexes.map((index) => `${table.tableArn}/index/${INDEXES[index].name}`),
      }),
    );
  }
};
