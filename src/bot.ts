import { join } from 'node:path';
import { ChannelType, Client, GatewayIntentBits, Options, REST } from 'discord.js';
import { subcommandDefinitions } from '../commands/definitions/index.ts';
import { findSubcommand } from '../commands/index.ts';
import { startClassView } from './activity/start.ts';
import type { ActivityServer } from './activity/server.ts';
import { CommandMentions } from './command-mentions.ts';
import type { Config } from './config.ts';
import type { BotContext } from './discord/context.ts';
import { listenToGateway } from './discord/gateway.ts';
import { NotesSessionListener, voiceJoins } from './discord/notes/listener.ts';
import { canAttachIn, canThreadIn } from './discord/permissions.ts';
import { DiscordPublisher } from './discord/session/publisher.ts';
import { routeInteraction } from './discord/router.ts';
import { createScheduling, type Scheduling } from './discord/schedule/setup.ts';
import { stepPicture } from './discord/session/step-picture.ts';
import { channelStatuses, VoiceStatus } from './discord/session/voice-status.ts';
import { visitVoiceChannel } from './discord/session/voice-visit.ts';
import type { Catalog } from './domain/catalog-schema.ts';
import type { Clock } from './domain/clock.ts';
import { loadCatalog } from './domain/load-catalog.ts';
import { sessionLanguage, type SessionState } from './domain/session.ts';
import { sessionSound } from './domain/sound.ts';
import { LocalizedCatalogs, loadTranslations } from './domain/translations.ts';
import { soundPrefsOf } from './guilds/settings-repo.ts';
import { languageOf } from './languages.ts';
import { GuildCatalogs, warmCatalogs } from './library/catalogs.ts';
import { schedulesOf } from './library/verbs.ts';
import type { Logger } from './log.ts';
import { createBotOps, type BotOps } from './ops/bot-ops.ts';
import { createPictures, type Pictures } from './pictures/index.ts';
import { createRepos, type Repos } from './repos.ts';
import { PostPacer } from './sessions/pacer.ts';
import { pacedBy, type Paced } from './sessions/send-window.ts';
import { ReplaysRepo, replayHooks } from './sessions/replays.ts';
import { reportProcessStats } from './sessions/process-stats.ts';
import { SessionRunner } from './sessions/runner.ts';
import { SessionsRepo } from './sessions/sessions-repo.ts';
import { openSharedPacer, type SharedPacer } from './sessions/shared-budget.ts';
import { ownership, type OwnsGuild } from './shard/ownership.ts';
import { openStore } from './store/open-store.ts';
import type { Store } from './store/store.ts';
import { VoiceGuide, type VoiceGuideOptions } from './voice/voice-guide.ts';
import { createAttendance } from './discord/attendance/setup.ts';
import { cronTrigger, type ScheduleTrigger } from './schedule/trigger.ts';

export interface Bot {
  client: Client;
  ctx: BotContext;
  /** Resolves once READY has arrived and saved sessions are back on their timers. */
  ready: Promise<void>;
  /** Metrics (`ops.metrics`) and the health/metrics HTTP port (`ops.port`). */
  ops: BotOps;
  /** Bells and spoken cues for sessions in voice channels. */
  voice: VoiceGuide;
  /** The class view's listener (YIN_ACTIVITY_PORT); undefined when it is off. */
  activity: ActivityServer | undefined;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Voice timings (tests shorten the rejoin backoff). */
  voice?: Partial<Omit<VoiceGuideOptions, 'client' | 'log'>> | undefined;
  /** What wakes schedules and the weekly total (default: node-cron; tests: clockTrigger on the test clock). */
  trigger?: ScheduleTrigger | undefined;
}

/**
 * The bot needs guilds, channels, roles and its own member (for permission checks) and voice
 * states; it never reads messages back, so the message cache is off.
 */
function createClient(config: Config): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates, GatewayIntentBits.GuildScheduledEvents],
    rest: { api: config.apiUrl, timeout: config.restTimeoutMs },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMessageManager: 0,
      ThreadMemberManager: 0,
      PresenceManager: 0,
      ReactionManager: 0,
      GuildMemberManager: { maxSize: 200, keepOverLimit: (m) => m.id === m.client.user.id },
    }),
  });
}

/**
 * A REST client for interaction webhooks (`auth: false`, so no token is set). Discord applies no
 * global limit to them, but @discordjs/rest counts every request but a callback against its own
 * `globalRequestsPerSecond`: on the bot's client, an edited `/yin start` answer would take a
 * place the session posts need.
 */
function interactionRest(config: Config): REST {
  return new REST({
    api: config.apiUrl,
    timeout: config.restTimeoutMs,
    globalRequestsPerSecond: Number.POSITIVE_INFINITY,
  });
}

/**
 * Finds `/yin`'s id among the registered commands (global, else in any guild the bot is in), so
 * sentences can mention commands. Not registered yet: they stay plain code.
 */
async function learnCommandId(client: Client<true>, log: Logger, mentions: CommandMentions): Promise<void> {
  try {
    const global = await client.application.commands.fetch();
    const yin = global.find((c) => c.name === 'yin');
    if (yin) mentions.learn(yin.id, commandPaths());
  } catch (err) {
    log.debug(
      { event: 'commands.fetch_failed', err: (err as Error).message },
      'could not read the registered commands',
    );
  }
}

/** "start", "schedule add", …: every path under /yin. */
function commandPaths(): Set<string> {
  const paths = new Set<string>();
  for (const sub of subcommandDefinitions) {
    paths.add(sub.name);
    if ('options' in sub) for (const o of sub.options ?? []) if (o.type === 1) paths.add(`${sub.name} ${o.name}`);
  }
  return paths;
}

/** The store, its trouble counted in the metrics and reported in one line when Redis goes and comes back. */
function openBotStore(config: Config, ops: BotOps, log: Logger): Store {
  return openStore(config.storeUrl, {
    // Reconnect attempts repeat the same error: the one-line down/up report below is what to read.
    onError: (err) => {
      ops.storeError();
      log.debug({ event: 'store.error', err: err.message }, 'store trouble');
    },
    onStatus: (status, err) =>
      status === 'down'
        ? log.error(
            { event: 'store.down', kind: 'redis', err: err?.message },
            'store is DOWN: sessions carry on in memory; note and settings writes are refused until it is back',
          )
        : log.info({ event: 'store.up', kind: 'redis' }, 'store is back up'),
  });
}

/**
 * One budget for everything sessions send outside interaction answers: posts, voice channel
 * statuses, and the discoveries thread at each closing. A shard process shares the token's budget
 * with every other one, on every machine, through Redis; alone, a process has the whole budget to
 * itself (undefined here).
 */
async function openSharedBudget(
  config: Config,
  clock: Clock,
  log: Logger,
): Promise<{ pacer: SharedPacer; close(): Promise<void> } | undefined> {
  if (!config.shardChild || !/^rediss?:\/\//i.test(config.storeUrl ?? '')) return undefined;
  return openSharedPacer({
    url: config.storeUrl ?? '',
    perSecond: config.tokenPostRate,
    fallbackPerSecond: config.postRate,
    clock,
    onShared: (ok, err) =>
      ok
        ? log.info({ event: 'budget.shared' }, 'the shared post budget answers again')
        : log.warn(
            { event: 'budget.fallback', err: err?.message, perSecond: config.postRate },
            'the shared post budget is away: posting at this process’s fixed share',
          ),
  });
}

const isVoiceIn = (client: Client, id: string) => client.channels.cache.get(id)?.type === ChannelType.GuildVoice;

/** Posts a session's steps: each with its picture, mentions of `/yin`, and what the channel allows. */
function sessionPublisher(
  config: Config,
  client: Client,
  o: { catalog: Catalog; pictures: Pictures; repos: Repos; mentions: CommandMentions; clock: Clock; log: Logger },
): DiscordPublisher {
  return new DiscordPublisher(client.rest, {
    interactionRest: interactionRest(config),
    now: () => o.clock.now(),
    isVoice: (id) => isVoiceIn(client, id),
    canAttach: (id) => canAttachIn(client, id),
    canThread: (id) => canThreadIn(client, id),
    pictureFor: (s, tl, step) => stepPicture(o.pictures, o.catalog, tl, step, sessionLanguage(s)),
    classView: config.activityPort !== undefined,
    mentions: o.mentions,
    // "N of you practised together" on the closing.
    together: (s) => o.repos.attendance.count(s.id),
    log: o.log,
  });
}

/** The voice channel's status during a voice session with sound, through the post budget (`paced`). */
function voiceChannelStatus(
  client: Client,
  o: { store: Store; paced: Paced; current: (channelId: string) => string | undefined; log: Logger },
): VoiceStatus {
  return new VoiceStatus({
    rest: client.rest,
    keyv: o.store.keyv('voice-status'),
    log: o.log,
    paced: o.paced,
    applies: (s) => isVoiceIn(client, s.channelId) && sessionSound(s).mode !== 'off',
    inChannel: (id) => {
      const c = client.channels.cache.get(id);
      return !!c && 'guild' in c && c.guild.voiceStates.cache.get(client.user?.id ?? '')?.channelId === id;
    },
    visit: (guildId, channelId, task) => visitVoiceChannel(client, guildId, channelId, task),
    current: o.current,
  });
}

/**
 * After READY: saved sessions back on their timers; then, without waiting, `/yin`'s id for the
 * mentions and the voice statuses crashed sessions left; then each guild's own sequences and the
 * schedules. Schedules after sessions: a catch-up start must see the channel's resumed session;
 * their guilds' own sequences first: a timer reads them without waiting.
 */
async function resumeWork(
  client: Client<true>,
  o: {
    runner: SessionRunner;
    voiceStatus: VoiceStatus;
    catalogs: GuildCatalogs;
    scheduling: Scheduling;
    weekly: { start(): Promise<void> };
    mentions: CommandMentions;
    owns: OwnsGuild;
    log: Logger;
  },
): Promise<void> {
  const { runner, log } = o;
  log.info({ event: 'gateway.ready', user: client.user.tag, guilds: client.guilds.cache.size }, 'connected to Discord');
  const n = await runner.resumeAll();
  if (n) log.info({ event: 'session.resumed_all', count: n }, 'resumed saved sessions');
  void learnCommandId(client, log, o.mentions);
  // A status left by a session that is gone (crashed and not resumed) is put back.
  void o.voiceStatus
    .sweep(o.owns, (channelId) => runner.get(channelId) !== undefined)
    .catch((err: Error) =>
      log.warn({ event: 'voice_status.sweep_failed', err: err.message }, 'could not check voice statuses'),
    );
  await warmCatalogs(o.catalogs, [...client.guilds.cache.keys()].filter(o.owns), log);
  await o.scheduling.start();
  await o.weekly
    .start()
    .catch((err: Error) =>
      log.error({ event: 'weekly_total.start_failed', err: err.message }, 'could not start weekly totals'),
    );
}

/**
 * The composition root: everything a bot is made of, made here once and passed down, in the
 * order it is needed. Nothing below refers to anything made further down.
 */
export async function startBot(config: Config, log: Logger, clock: Clock, options: StartOptions = {}): Promise<Bot> {
  // What there is to practise, and how it is shown and said.
  const catalog = loadCatalog(config.dataDir);
  // The same poses and sequences in each language yin speaks (English where a text is missing).
  const localized = new LocalizedCatalogs(catalog, loadTranslations(config.dataDir, catalog));
  // Pictures ship with the code (its own data/), whatever YIN_DATA_DIR says: see docs/decisions.md.
  const pictures = createPictures();
  // `/yin`'s id, once known: the sentences this bot sends then mention its commands.
  const mentions = new CommandMentions();

  // Metrics, the store and what is kept in it.
  const ops = createBotOps(config, clock);
  const store = openBotStore(config, ops, log);
  const repos = createRepos(store, clock, log);

  // Discord, and what this process answers for.
  const client = createClient(config);
  // With YIN_SHARDS this process runs one shard: it resumes (and schedules) only its guilds.
  const owns = ownership(
    Array.isArray(client.options.shards) ? client.options.shards : [0],
    client.options.shardCount ?? 1,
  );
  const practiceLanguage = async (guildId: string) =>
    languageOf((await repos.settings.get(guildId)).language ?? client.guilds.cache.get(guildId)?.preferredLocale);
  const catalogs = new GuildCatalogs(catalog, repos.sequences, (lang) => localized.of(lang));
  const shared = await openSharedBudget(config, clock, log);
  const pacer = shared?.pacer ?? new PostPacer(config.postRate, clock);
  const take = () => pacer.take(clock.now());
  // One request outside a session's steps, in its turn: its place is given back once answered.
  const paced = pacedBy(take);

  // Sessions: the posts, the voice, the voice channel's status, notes and attendance, the runner.
  const publisher = sessionPublisher(config, client, { catalog, pictures, repos, mentions, clock, log });
  const voice = new VoiceGuide({
    client,
    log,
    clock,
    audioDir: join(config.dataDir, 'audio'),
    connections: ops.metrics.voiceConnections,
    ...options.voice,
  });
  const statuses = channelStatuses();
  const voiceStatus = voiceChannelStatus(client, { store, paced, current: statuses.current, log });
  const notesListener = new NotesSessionListener(client, repos, clock, log, paced, mentions);
  const runner = new SessionRunner({
    catalog,
    clock,
    log,
    speed: config.speed,
    repo: new SessionsRepo(store.keyv<SessionState>('sessions')),
    publisher,
    pacer,
    catalogIn: (language) => localized.of(language),
    languageDefault: (guildId) => practiceLanguage(guildId),
    soundDefaults: async (guildId) => soundPrefsOf(await repos.settings.get(guildId)),
    owns,
  });

  // Schedules, and what command handlers work with.
  const trigger = options.trigger ?? cronTrigger(clock);
  const scheduling = createScheduling({
    client,
    store,
    runner,
    catalogs,
    languageOf: practiceLanguage,
    clock,
    log,
    owns,
    mentions,
    trigger,
  });
  // Organisers' attendance reports (no-shows from the sign-ups) and the weekly total.
  const attendance = createAttendance({
    client,
    store,
    repos,
    schedules: scheduling.repo,
    signups: scheduling.signups.signups,
    trigger,
    clock,
    log,
    languageOf: practiceLanguage,
    owns,
    paced,
  });
  // Each member's running private replay; the classes a server ran are read from the class log.
  const replays = new ReplaysRepo(store, repos.classLog, (info) =>
    log.warn({ event: 'store.invalid_record', ...info }, 'skipped a stored record that does not validate'),
  );
  const ctx: BotContext = {
    catalog,
    catalogs,
    localized,
    languageOf: practiceLanguage,
    runner,
    clock,
    log,
    store,
    ...repos,
    schedules: scheduling,
    replays,
    receivesDms: owns('0'),
    paced,
    library: {
      catalog,
      sequences: repos.sequences,
      drafts: repos.drafts,
      catalogs,
      schedules: schedulesOf(scheduling.ports),
    },
    mentions,
    signups: scheduling.signups.signups,
    classView: config.activityPort !== undefined,
  };

  // Before login, so /healthz answers 503 while the bot connects.
  await ops.start({ client, store, sessions: () => runner.size, log });
  const stopStats = config.statsMs
    ? reportProcessStats(log, { sessions: () => runner.size, waiting: () => runner.waiting }, config.statsMs)
    : undefined;
  const connected = Promise.withResolvers<void>();
  // The class view: every step, action and end reaches its viewers.
  const classView = await startClassView(config, {
    client,
    sessions: runner,
    catalog,
    pictures,
    clock,
    log,
    languageOf: practiceLanguage,
    ready: connected.promise,
  });

  // Who hears what a session does, in this order. Metrics first: lateness is measured when the
  // hook runs; the class view right after. The voice channel's status before the voice guide: at
  // the end it is put back while the bot is still in the channel (Discord takes a status only from
  // a member of it); at the start it waits for the join.
  runner.listen([
    ops.hooks,
    ...(classView ? [classView.hooks] : []),
    notesListener,
    voiceStatus,
    voice,
    publisher,
    scheduling.hooks,
    attendance.hooks,
    replayHooks(replays, log),
  ]);

  // What the bot reacts to on the gateway.
  listenToGateway(client, {
    ready: (c) =>
      void resumeWork(c, {
        runner,
        voiceStatus,
        catalogs,
        scheduling,
        weekly: attendance.weekly,
        mentions,
        owns,
        log,
      }).then(connected.resolve, connected.reject),
    interaction: (interaction) => void routeInteraction(interaction, ctx, findSubcommand),
    voiceState: [
      (before, after) => voice.peopleMoved(before, after),
      (_before, after) => {
        if (after.id === client.user?.id && after.channelId) void voiceStatus.joined(after.channelId);
      },
      voiceJoins(client, notesListener, (channelId) => runner.get(channelId), clock, log),
    ],
    scheduledEventDeleted: (event) => scheduling.scheduledEvents.deleted(event),
    scheduledEventUpdated: (event) => scheduling.scheduledEvents.updated(event),
    interestedAdded: (packet) => scheduling.interested.added(packet),
    interestedRemoved: (packet) => scheduling.interested.removed(packet),
    raw: (packet) => statuses.seen(packet),
    error: (err) => log.error({ event: 'client.error', err: err.message }, 'discord client error'),
  });
  client.rest.on('rateLimited', (info) =>
    log.warn(
      { event: 'rest.rate_limited', route: info.route, retryAfterMs: info.retryAfter, global: info.global },
      'rate limited',
    ),
  );

  await client.login(config.token);

  return {
    client,
    ctx,
    ready: connected.promise,
    ops,
    voice,
    activity: classView?.server,
    async stop() {
      scheduling.stop();
      attendance.weekly.stop();
      runner.close();
      stopStats?.();
      // A post already on the wire finishes and its progress is saved before the store closes.
      await Promise.race([runner.idle(), new Promise((r) => setTimeout(r, 2000).unref())]);
      voice.close();
      await shared?.close();
      await client.destroy();
      await store.close();
      await ops.close();
      await classView?.close();
    },
  };
}
