/**
 * Bad schedule input from an organiser. `message` is a complete, friendly sentence that the
 * command layer can show as-is (ephemeral reply), so it never contains stack-trace jargon.
 */
export class ScheduleInputError extends Error {
  override readonly name = 'ScheduleInputError';
}
