import * as z from 'zod/mini';
import { SERVICE_ROLES } from '#shared/auth/roles';
import { httpRoute } from '#shared/http/route';
import { CONTACT_INFO_RULES, putPolicy } from '#shared/policy/policy';

/** A host name people link to: labels of letters, digits and dashes, a top-level domain of letters. */
const domain = z.pipe(
  z
    .string()
    .check(
      z.maxLength(253),
      z.regex(
        /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/,
        'must be a domain like shop.example',
      ),
    ),
  z.transform((d) => d.toLowerCase()),
);

const body = z.object({
  contactInfo: z.enum(CONTACT_INFO_RULES),
  allowDomains: z._default(z.array(domain).check(z.maxLength(100)), []),
});

export const handler = httpRoute({ roles: SERVICE_ROLES, body }, async ({ identity, body }) => ({
  status: 200,
  body: await putPolicy(identity.tenant, body, identity.userId),
}));
