import { must } from '#test/bench/support/bench-world';
import type { Scenario } from './scenario';
import type { TripsWorld } from './world';

/**
 * Trust and safety (infra/routes/safety.ts), on the second customer's conversation so the first stays usable: its
 * block is lifted again, and the user erased is one who only opened a conversation for it.
 */
export const safetyScenarios = async (w: TripsWorld): Promise<Scenario[]> => {
  const { call, service, agent, other, otherId, otherMessageId } = w;
  const otherPath = `/v1/conversations/${otherId}`;
  const leaving = await w.actor('cust-leaving', 'customer');
  await w.openProductConversation(leaving, { message: 'Please forget me afterwards.' });
  let reportId = '';
  return [
    {
      route: 'GetPolicy',
      label: 'the tenant’s',
      run: async () => must(await call('GET', '/v1/policy', { token: service }), 200),
    },
    {
      route: 'PutPolicy',
      label: 'allow (unchanged)',
      run: async () =>
        must(
          await call('PUT', '/v1/policy', { token: service, body: { contactInfo: 'allow', allowDomains: [] } }),
          200,
        ),
    },
    {
      route: 'BlockConversation',
      label: 'by its customer',
      run: async () => must(await call('POST', `${otherPath}/block`, { token: other.token }), 200),
    },
    {
      route: 'UnblockConversation',
      label: 'by its customer',
      run: async () => must(await call('DELETE', `${otherPath}/block`, { token: other.token }), 200),
    },
    {
      route: 'ReportConversation',
      label: 'a message',
      run: async () => {
        const reply = must(
          await call('POST', `${otherPath}/reports`, {
            token: other.token,
            body: { messageId: otherMessageId, reason: 'spam' },
          }),
          201,
        );
        reportId = reply.body.report.id;
      },
    },
    {
      route: 'ListReports',
      label: 'open reports',
      run: async () => must(await call('GET', '/v1/moderation/reports', { token: agent.token }), 200),
    },
    {
      route: 'UpdateReport',
      label: 'resolve',
      run: async () =>
        must(
          await call('PATCH', `/v1/moderation/reports/${encodeURIComponent(reportId)}`, {
            token: agent.token,
            body: { status: 'resolved' },
          }),
          200,
        ),
    },
    {
      route: 'RedactMessage',
      label: 'by an agent',
      run: async () =>
        must(await call('DELETE', `${otherPath}/messages/${otherMessageId}`, { token: agent.token }), 200),
    },
    {
      route: 'ExportUserData',
      label: 'a customer',
      run: async () => must(await call('GET', `/v1/users/${other.id}/data`, { token: service }), 200),
    },
    {
      route: 'EraseUser',
      label: 'a customer',
      run: async () => must(await call('DELETE', `/v1/users/${leaving.id}`, { token: service }), 202),
    },
  ];
};
