import { parseArgs } from 'node:util';
import { ROLES, type Role } from '#shared/auth/identity';
import { signSelfToken } from '#shared/auth/sign-token';
import { LOCAL_TOKEN_SECRET } from './environment';

/** `npm run -s token -- --sub <id> --role <role> [--tenant t] [--name n] [--email e] [--ttl seconds]`: prints a local token. */
const { values } = parseArgs({
  options: {
    sub: { type: 'string' },
    role: { type: 'string' },
    tenant: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    ttl: { type: 'string', default: '86400' },
  },
});
if (!values.sub || !values.role || !ROLES.includes(values.role as Role)) {
  console.error(
    `usage: npm run -s token -- --sub <id> --role <${ROLES.join('|')}> [--tenant t] [--name n] [--email e] [--ttl s]`,
  );
  process.exit(2);
}
process.env.SELF_TOKEN_SECRET ??= LOCAL_TOKEN_SECRET;
const { token } = await signSelfToken(
  {
    sub: values.sub,
    role: values.role as Role,
    ...(values.tenant && { tenant: values.tenant }),
    ...(values.name && { name: values.name }),
    ...(values.email && { email: values.email }),
  },
  Number(values.ttl),
);
process.stdout.write(`${token}\n`);
