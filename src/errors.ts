/** A post that Discord will never accept (channel gone, access removed): retrying can't help. */
export class PermanentPublishError extends Error {
  override name = 'PermanentPublishError';
}
