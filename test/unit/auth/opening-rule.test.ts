import { describe, expect, it } from 'vitest';
import type { Role } from '#shared/auth/identity';
import { mayOpen, OPENERS, openerRoles, requireOpener } from '#shared/auth/roles';
import { Forbidden } from '#shared/errors';

describe('who may open what (API.md, additions of 2026-11-30)', () => {
  it('is one table: product and support by customers and guests, direct by customers and sellers', () => {
    expect(OPENERS).toEqual({
      product: ['customer', 'guest'],
      direct: ['customer', 'seller'],
      support: ['customer', 'guest'],
    });
    const roles: Role[] = ['customer', 'seller', 'agent', 'guest', 'service'];
    const table = Object.fromEntries(
      roles.map((r) => [r, (['product', 'direct', 'support'] as const).filter((k) => mayOpen(r, k))]),
    );
    expect(table).toEqual({
      customer: ['product', 'direct', 'support'],
      seller: ['direct'],
      agent: [],
      guest: ['product', 'support'],
      service: [],
    });
  });

  it('gives each route the roles that may open one of its kinds, in the order of the role list', () => {
    expect(openerRoles('product', 'direct')).toEqual(['customer', 'seller', 'guest']);
    expect(openerRoles('direct')).toEqual(['customer', 'seller']);
    expect(openerRoles('support')).toEqual(['customer', 'guest']);
    expect(openerRoles('product')).toEqual(['customer', 'guest']);
  });

  it('refuses with 403, saying what the role may open', () => {
    expect(() => requireOpener('customer', 'direct')).not.toThrow();
    const refused = (() => {
      try {
        requireOpener('guest', 'direct');
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(Forbidden);
    expect((refused as Forbidden).status).toBe(403);
    expect(() => requireOpener('seller', 'product')).toThrow(Forbidden);
    expect(() => requireOpener('agent', 'support')).toThrow(Forbidden);
  });
});
