// The stand-in Discord for tests and rehearsals: real HTTP + WebSocket on 127.0.0.1.
export { FakeDiscord, startFakeDiscord } from './fake.ts';
export type { DelayOptions, FailOptions, FakeDiscordOptions, InvalidRequest, RecordedRequest } from './fake.ts';
export type { ClickOptions, FakeInteraction, ModalOptions, SlashOptions } from './inject.ts';
export type { StoredMessage } from './messages.ts';
export { snowflake, shardOf } from './snowflake.ts';
export * from './fixtures.ts';
