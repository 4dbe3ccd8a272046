import * as z from 'zod/mini';
import { MAX_PAGE_NUMBER } from '#shared/chat/list-conversations';
import { pageField } from '#shared/compat/laravel/rules';

/** The document names no parameters; `?page=` (default 1) pages an agent's queue. */
export const listQuery = z.object({ page: pageField(MAX_PAGE_NUMBER) });
