/** Every core route, with a path for a given conversation id and a body that would be valid. */
export const coreRouteCalls = (conversationId: string) =>
  [
    { method: 'PUT', path: '/v1/catalog/sellers/seller-x', body: { shopName: 'X', email: 'x@example.test' } },
    { method: 'PUT', path: '/v1/catalog/products/p-x', body: { name: 'X', sellerId: 'seller-1' } },
    { method: 'POST', path: '/v1/conversations', body: { productId: 'p-1' } },
    { method: 'GET', path: '/v1/conversations' },
    { method: 'GET', path: `/v1/conversations/${conversationId}` },
    { method: 'PATCH', path: `/v1/conversations/${conversationId}`, body: { archived: true } },
    { method: 'POST', path: `/v1/conversations/${conversationId}/read`, body: {} },
    { method: 'POST', path: `/v1/conversations/${conversationId}/messages`, body: { text: 'hi' } },
    { method: 'GET', path: `/v1/conversations/${conversationId}/messages` },
    { method: 'GET', path: '/v1/unread' },
  ] as const;
