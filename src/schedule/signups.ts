/**
 * Who signed up for one start of a schedule, as the attendance report needs it (no-shows are
 * the signed-up who did not practise). Sign-ups are kept elsewhere; this is the narrow port the
 * report reads them through. `undefined`: not known for that start (no sign-up store, or none
 * kept that far back), and the report then says nothing about no-shows.
 */
export interface SignupLookup {
  going(guildId: string, scheduleId: string, occurrenceMs: number): Promise<readonly string[] | undefined>;
}

/** No sign-ups known anywhere: reports leave no-shows out. */
export const noSignups: SignupLookup = { going: async () => undefined };
