import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnResource } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatHttpApi } from '#infra/constructs/http-api';
import { COMPAT_DIALECTS, type CompatDialect, compatRoutes } from '#infra/routes/index';
import { ChatStack } from '#infra/stack';
import { testContext } from '#test/infra/support/deploy-context';

let stack: ChatStack;
let template: Template;
let http: ChatHttpApi;

beforeAll(() => {
  const app = new App({ context: testContext({ compatPublicKeys: { 'pk-prod': 'shop-a' } }) });
  stack = new ChatStack(app, 'CompatTest');
  template = Template.fromStack(stack);
  http = stack.node.findChild('Http') as ChatHttpApi;
});

const logicalId = (name: string) => stack.getLogicalId(http.functions[name]!.node.defaultChild as CfnResource);

describe('the compatibility dialects in the synthesized stack', () => {
  it('routes every documented dialect route to its own function', () => {
    const expected = [
      'POST /api/v1/chat/newChat',
      'POST /api/v1/chat/startChat',
      'GET /api/v1/chat/list',
      'GET /api/v2/chat/conversations',
      'GET /api/v2/chat/messages/{id}',
      'POST /api/v2/chat/create-conversation',
      'POST /api/v2/chat/insert-message',
      'GET /api/v2/chat/get-new-messages/{conversation_id}/{last_message_id}',
      'GET /api/v2/chat/conversations/{user_id}',
      'GET /api/v2/chat/placeholder.png',
      'POST /api/v1/chat/conversations',
      'GET /api/v1/chat/conversations',
      'POST /api/v1/chat/conversations/{uuid}/messages',
      'GET /api/v1/chat/conversations/{uuid}/messages',
    ];
    expect(compatRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(expected);
    for (const routeKey of expected) {
      template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: routeKey, Target: Match.anyValue() });
    }
  });

  it('wires newChat (000) and the support listing (002) to their own Node.js 24 functions, with no authorizer (newChat’s token is optional)', () => {
    const resources = template.toJSON().Resources;
    for (const [name, routeKey] of [
      ['CompatProductEnquiryNewChat', 'POST /api/v1/chat/newChat'],
      ['CompatSupportListingList', 'GET /api/v1/chat/list'],
    ] as const) {
      expect(resources[logicalId(name)].Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
      const routes = Object.values(
        template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: routeKey } }),
      );
      expect(routes).toHaveLength(1);
      expect(routes[0]!.Properties.AuthorizationType ?? 'NONE').toBe('NONE');
      const target = JSON.stringify(routes[0]!.Properties.Target);
      const integrationId = Object.keys(template.findResources('AWS::ApiGatewayV2::Integration')).find((id) =>
        target.includes(id),
      )!;
      expect(JSON.stringify(resources[integrationId].Properties.IntegrationUri)).toContain(logicalId(name));
    }
  });

  it('lets 000 and 002 push (message.created, conversation.read) through the WebSocket API’s @connections', () => {
    const resources = template.toJSON().Resources;
    const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Array<{
      Properties: { Roles: Array<{ Ref: string }>; PolicyDocument: { Statement: any[] } };
    }>;
    for (const name of ['CompatProductEnquiryNewChat', 'CompatSupportListingList']) {
      expect(compatRoutes.find((r) => r.name === name)?.pushes).toBe(true);
      const fn = resources[logicalId(name)].Properties;
      expect(fn.Environment.Variables.WS_MANAGEMENT_ENDPOINT).toBeDefined();
      const roleId = fn.Role['Fn::GetAtt'][0];
      const statements = policies
        .filter((p) => p.Properties.Roles.some((r) => r.Ref === roleId))
        .flatMap((p) => p.Properties.PolicyDocument.Statement);
      const manage = statements.filter((s) => [s.Action].flat().includes('execute-api:ManageConnections'));
      expect(manage).toHaveLength(1);
      expect(JSON.stringify(manage[0].Resource)).toContain('/v1/POST/@connections/*');
    }
  });

  it('gives the functions the X-PUBLIC-KEY → tenant map from the compatPublicKeys context', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ COMPAT_PUBLIC_KEYS: JSON.stringify({ 'pk-prod': 'shop-a' }) }) },
    });
  });
});

describe('one name per dialect', () => {
  const root = join(import.meta.dirname, '..', '..');
  const dialects = Object.keys(COMPAT_DIALECTS) as CompatDialect[];
  const dialectOf = (entry: string) => /^functions\/http\/compat\/([^/]+)\//.exec(entry)?.[1];

  it('names handler folders, mapping folders, integration tests and route ids after the dialect', () => {
    expect(readdirSync(join(root, 'functions/http/compat')).sort()).toEqual([...dialects].sort());
    for (const dialect of dialects) {
      expect(existsSync(join(root, 'shared/compat', dialect)), `shared/compat/${dialect}`).toBe(true);
      expect(existsSync(join(root, 'test/integration/compat', `${dialect}.test.ts`)), dialect).toBe(true);
    }
    const pascal = (kebab: string) => kebab.replace(/(?:^|-)([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    for (const route of compatRoutes) {
      const dialect = dialectOf(route.entry)!;
      expect(dialects, route.entry).toContain(dialect);
      const handler = route.entry.split('/').pop()!.replace(/\.ts$/, '');
      expect(route.name).toBe(`Compat${pascal(dialect)}${pascal(handler)}`);
      expect(existsSync(join(root, route.entry)), route.entry).toBe(true);
    }
  });

  it("lists each dialect in README's table by that name and seed, with exactly its routes", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const dialect of dialects) {
      const row = readme.split('\n').find((line) => line.startsWith(`| ${COMPAT_DIALECTS[dialect]} \`${dialect}\``));
      expect(row, dialect).toBeDefined();
      const documented = [...row!.matchAll(/`(GET|POST|PUT|PATCH|DELETE) ([^`?]+)(?:\?[^`]*)?`/g)].map(
        (m) => `${m[1]} ${m[2]}`,
      );
      expect(documented, dialect).toEqual(
        compatRoutes.filter((r) => dialectOf(r.entry) === dialect).map((r) => `${r.method} ${r.path}`),
      );
    }
  });
});
