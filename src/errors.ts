/** A post that Discord will never accept (channel gone, access removed): retrying can't help. */
export class PermanentPublishError extends Error {
  override name = 'PermanentPublishError';
}

/** @deprecated being replaced by InputError (src/domain/input-error.ts) in the schedule handlers. */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}
