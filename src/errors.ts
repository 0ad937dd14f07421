/**
 * An error whose message is written for the member who caused it. The interaction router shows
 * it as an ephemeral reply; any other error is logged and gets a short generic answer.
 */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

/** A post that Discord will never accept (channel gone, access removed): retrying can't help. */
export class PermanentPublishError extends Error {
  override name = 'PermanentPublishError';
}
