import type { FieldErrors } from '#shared/errors';

/**
 * The core use cases name fields as the core API does (`productId`); a dialect names them its own way
 * (`product_id`). Renames the fields in `names`, and lets `phrase` reword their messages; other fields are
 * already the dialect's own (its schemas) and pass unchanged.
 */
export const renameFields = (
  errors: FieldErrors,
  names: Record<string, string>,
  phrase: (field: string, message: string) => string = (_, message) => message,
): FieldErrors => {
  const renamed: FieldErrors = {};
  for (const [field, messages] of Object.entries(errors)) {
    const name = names[field];
    if (name === undefined) (renamed[field] ??= []).push(...messages);
    else (renamed[name] ??= []).push(...messages.map((m) => phrase(name, m)));
  }
  return renamed;
};
