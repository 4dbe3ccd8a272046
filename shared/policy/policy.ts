import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config';
import { db } from '#shared/table/client';
import { type Key, keys } from '#shared/table/keys';
import { nowIso } from '#shared/time';

export const CONTACT_INFO_RULES = ['allow', 'mask', 'mask-before-order'] as const;
export type ContactInfoRule = (typeof CONTACT_INFO_RULES)[number];

/** A tenant's trust-and-safety policy, as GET/PUT /v1/policy show it. */
export interface Policy {
  contactInfo: ContactInfoRule;
  allowDomains: string[];
}

/** `T#<t>#POLICY / POLICY`: the policy and who set it when (never shown; for the record). */
export interface PolicyItem extends Key, Policy {
  entity: 'policy';
  tenant: string;
  updatedAt: string;
  updatedBy: string;
}

/** Until a tenant sets one: nothing is masked. */
export const DEFAULT_POLICY: Policy = { contactInfo: 'allow', allowDomains: [] };

/**
 * How long a function keeps a tenant's policy before reading it again: a PUT takes effect everywhere within this
 * time (at once in the function that wrote it), and the send path reads the policy at most once per tenant per
 * window instead of on every message.
 */
export const POLICY_CACHE_MS = 30_000;

const cache = new Map<string, { policy: Policy; until: number }>();

export const policyView = (p: Policy): Policy => ({ contactInfo: p.contactInfo, allowDomains: [...p.allowDomains] });

/** The tenant's policy as stored now (GET /v1/policy: what a PUT just wrote, whichever function wrote it). */
export const readPolicy = async (tenant: string, nowMs = Date.now()): Promise<Policy> => {
  const { Item } = await db().send(
    new GetCommand({ TableName: config.tableName, Key: keys.policy(tenant), ConsistentRead: true }),
  );
  const policy = Item ? policyView(Item as PolicyItem) : DEFAULT_POLICY;
  cache.set(tenant, { policy, until: nowMs + POLICY_CACHE_MS });
  return policy;
};

/** The tenant's policy for the send path: from this function's cache when read less than POLICY_CACHE_MS ago. */
export const cachedPolicy = async (tenant: string, nowMs = Date.now()): Promise<Policy> => {
  const cached = cache.get(tenant);
  return cached && cached.until > nowMs ? cached.policy : readPolicy(tenant, nowMs);
};

/** PUT /v1/policy: replaces the whole policy. A plain put: idempotent, the last write wins. */
export const putPolicy = async (tenant: string, policy: Policy, updatedBy: string): Promise<Policy> => {
  const item: PolicyItem = {
    ...keys.policy(tenant),
    entity: 'policy',
    tenant,
    ...policyView(policy),
    updatedAt: nowIso(),
    updatedBy,
  };
  await db().send(new PutCommand({ TableName: config.tableName, Item: item }));
  cache.set(tenant, { policy: policyView(policy), until: Date.now() + POLICY_CACHE_MS });
  return policyView(policy);
};
