import { laravelErrors } from '#shared/compat/laravel/errors';

/** Core fields this dialect's requests feed. */
const FIELDS = { participantId: 'participant_uuid', topic: 'taggable_type' };

export const participantsErrors = (serverErrorMessage?: string) =>
  laravelErrors({ fields: FIELDS, ...(serverErrorMessage !== undefined && { serverErrorMessage }) });
