import type { AgentStatus } from '#shared/realtime/model';
import { type Key, keys } from '#shared/table/keys';

/** An agent's online/away choice (`T#<t>#CONNS#TEAM#support / AGENT#<userId>`), next to the team's connections. */
export interface AgentStatusItem extends Key {
  entity: 'agent-status';
  tenant: string;
  userId: string;
  status: AgentStatus;
  updatedAt: string;
}

export const agentStatusItem = (
  tenant: string,
  userId: string,
  status: AgentStatus,
  updatedAt: string,
): AgentStatusItem => ({
  ...keys.agentStatus(tenant, userId),
  entity: 'agent-status',
  tenant,
  userId,
  status,
  updatedAt,
});
