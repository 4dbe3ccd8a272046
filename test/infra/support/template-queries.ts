import type { Template } from 'aws-cdk-lib/assertions';

type Resource = { Type: string; Properties: Record<string, any>; DependsOn?: string[] };
export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/** Every Lambda function of the template, by logical id. */
export const lambdaFunctions = (template: Template) =>
  template.findResources('AWS::Lambda::Function') as Record<string, Resource>;

/** The one function whose Description is `description` ("POST /v1/conversations"). */
export const functionByDescription = (template: Template, description: string) => {
  const found = Object.entries(lambdaFunctions(template)).filter(([, f]) => f.Properties.Description === description);
  if (found.length !== 1) throw new Error(`expected one function described "${description}", found ${found.length}`);
  return { logicalId: found[0]![0], resource: found[0]![1] };
};

/** All IAM statements a function's role carries: its inline policies and every policy attached to it. */
export const statementsOf = (template: Template, functionLogicalId: string): Statement[] => {
  const fn = lambdaFunctions(template)[functionLogicalId]!;
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  const role = template.findResources('AWS::IAM::Role')[roleId] as Resource;
  const inline = (role.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
  const attached = Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)
    .filter((p) => (p.Properties.Roles as unknown[]).some((r: any) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement);
  return [...inline, ...attached];
};

export const actionsOf = (statements: Statement[]) =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

/** The DynamoDB grants of a function as { "<resource>": [actions] }, resources rendered readably. */
export const dynamoGrants = (statements: Statement[]) => {
  const grants: Record<string, string[]> = {};
  for (const s of statements) {
    const actions = (Array.isArray(s.Action) ? s.Action : [s.Action]).filter((a) => a.startsWith('dynamodb:'));
    if (actions.length === 0) continue;
    for (const resource of Array.isArray(s.Resource) ? s.Resource : [s.Resource]) {
      const key = render(resource);
      grants[key] = [...(grants[key] ?? []), ...actions].sort();
    }
  }
  return grants;
};

/** `{"Fn::GetAtt":["DataTable…","Arn"]}` → "table", `{"Fn::Join":["",[…Arn,"/index/GSI1"]]}` → "table/index/GSI1". */
const render = (resource: unknown): string => {
  const r = resource as any;
  if (typeof r === 'string') return r;
  if (r['Fn::GetAtt']?.[1] === 'Arn' && String(r['Fn::GetAtt'][0]).startsWith('DataTable')) return 'table';
  if (r['Fn::GetAtt']?.[1] === 'StreamArn') return 'table stream';
  if (r['Fn::Join']) return (r['Fn::Join'][1] as unknown[]).map(render).join('');
  return JSON.stringify(r);
};
