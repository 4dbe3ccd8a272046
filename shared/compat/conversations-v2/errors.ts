import { laravelErrors } from '#shared/compat/laravel/errors';

/** A Laravel API (auth:sanctum): Laravel's error bodies; core fields renamed to this dialect's. */
export const conversationsV2Errors = laravelErrors({ fields: { productId: 'product_id' } });
