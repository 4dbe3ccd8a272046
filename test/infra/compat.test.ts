import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { compatRoutes } from '../../infra/routes/compat';
import { ChatStack } from '../../infra/stack';

let template: Template;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], compatPublicKeys: { 'pk-prod': 'shop-a' } } });
  template = Template.fromStack(new ChatStack(app, 'CompatTest'));
});

describe('the compatibility dialects in the synthesized stack', () => {
  it('routes every documented dialect route to its own function', () => {
    const expected = [
      'POST /api/v1/chat/startChat',
      'GET /api/v2/chat/conversations',
      'GET /api/v2/chat/messages/{id}',
      'POST /api/v2/chat/create-conversation',
      'POST /api/v2/chat/insert-message',
      'GET /api/v2/chat/get-new-messages/{conversation_id}/{last_message_id}',
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

  it('gives the functions the X-PUBLIC-KEY → tenant map from the compatPublicKeys context', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ COMPAT_PUBLIC_KEYS: JSON.stringify({ 'pk-prod': 'shop-a' }) }) },
    });
  });
});
