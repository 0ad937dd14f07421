import { join } from 'node:path';
import { ChannelType, Client, Events, GatewayIntentBits, Options, REST } from 'discord.js';
import { subcommandDefinitions } from '../commands/definitions/index.ts';
import { useCommandMentions } from './i18n.ts';
import type { Config } from './config.ts';
import type { Clock } from './domain/clock.ts';
import { loadCatalog } from './domain/load-catalog.ts';
import { LocalizedCatalogs, loadTranslations } from './domain/translations.ts';
import { languageOf } from './languages.ts';
import type { BotContext } from './discord/context.ts';
import { DiscordPublisher } from './discord/publisher.ts';
import { NotesSessionListener, watchVoiceJoins } from './discord/notes/listener.ts';
import { createRepos } from './repos.ts';
import { GuildCatalogs, warmCatalogs } from './library/catalogs.ts';
import { soundPrefsOf } from './guilds/settings-repo.ts';
import { findSubcommand } from '../commands/index.ts';
import { routeInteraction } from './discord/router.ts';
import { createScheduling } from './discord/schedule/setup.ts';
import type { Logger } from './log.ts';
import { SessionRunner, type SessionHooks } from './sessions/runner.ts';
import { SessionsRepo } from './sessions/sessions-repo.ts';
import { PostPacer } from './sessions/pacer.ts';
import { openSharedPacer } from './sessions/shared-budget.ts';
import { reportProcessStats } from './sessions/process-stats.ts';
import { openStore } from './store/open-store.ts';
import { createBotOps, type BotOps } from './ops/bot-ops.ts';
import { claimShards } from './shard/ownership.ts';
import { sessionLanguage, type SessionState } from './domain/session.ts';
import { VoiceGuide, type VoiceGuideOptions } from './voice/voice-guide.ts';
import { VoiceStatus, watchVoiceStatuses } from './discord/voice-status.ts';
import { visitVoiceChannel } from './discord/voice-visit.ts';
import { canAttachIn, canThreadIn } from './discord/permissions.ts';
import { stepPicture } from './discord/step-picture.ts';
import { sessionSound } from './domain/sound.ts';
import { startClassView } from './activity/start.ts';
import type { ActivityServer } from './activity/server.ts';
import { createAttendance } from './discord/attendance/setup.ts';
import { noSignups, type SignupLookup } from './schedule/signups.ts';
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
  /** Who signed up for a schedule's start, for attendance reports' no-shows (default: not known). */
  signups?: SignupLookup | undefined;
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
async function learnCommandId(client: Client<true>, log: Logger): Promise<void> {
  try {
    const global = await client.application.commands.fetch();
    const yin = global.find((c) => c.name === 'yin');
    if (yin) useCommandMentions(yin.id, commandPaths());
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

export async function startBot(config: Config, log: Logger, clock: Clock, options: StartOptions = {}): Promise<Bot> {
  const catalog = loadCatalog(config.dataDir);
  // The same poses and sequences in each language yin speaks (English where a text is missing).
  const localized = new LocalizedCatalogs(catalog, loadTranslations(config.dataDir, catalog));
  const ops = createBotOps(config, clock);
  const store = openStore(config.storeUrl, {
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
  const client = createClient(config);
  const practiceLanguage = async (guildId: string) =>
    languageOf((await repos.settings.get(guildId)).language ?? client.guilds.cache.get(guildId)?.preferredLocale);
  // With YIN_SHARDS this process runs one shard: it resumes (and schedules) only its guilds.
  const owns = claimShards(
    Array.isArray(client.options.shards) ? client.options.shards : [0],
    client.options.shardCount ?? 1,
  );
  const repos = createRepos(store, clock, log);
  // One budget for everything sessions send outside interaction answers: posts, voice channel
  // statuses, and the discoveries thread at each closing.
  // A shard process shares the token's budget with every other one, on every machine, through
  // Redis; alone, a process has the whole budget to itself.
  const shared =
    config.shardChild && /^rediss?:\/\//i.test(config.storeUrl ?? '')
      ? await openSharedPacer({
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
        })
      : undefined;
  const pacer = shared?.pacer ?? new PostPacer(config.postRate, clock);
  const notesListener = new NotesSessionListener(client, repos, clock, log, () => pacer.take(clock.now()));
  // Metrics first: listeners run in turn, and lateness is measured when the hook runs.
  const voice = new VoiceGuide({ client, log, clock, audioDir: join(config.dataDir, 'audio'), ...options.voice });
  const isVoice = (id: string) => client.channels.cache.get(id)?.type === ChannelType.GuildVoice;
  const publisher = new DiscordPublisher(client.rest, {
    interactionRest: interactionRest(config),
    now: () => clock.now(),
    isVoice,
    canAttach: (id) => canAttachIn(client, id),
    canThread: (id) => canThreadIn(client, id),
    pictureFor: (s, tl, step) => stepPicture(catalog, tl, step, sessionLanguage(s)),
    classView: config.activityPort !== undefined,
    together: (s) => repos.attendance.count(s.id),
    log,
  });
  const voiceStatus = new VoiceStatus({
    rest: client.rest,
    keyv: store.keyv('voice-status'),
    log,
    take: () => pacer.take(clock.now()),
    applies: (s) => isVoice(s.channelId) && sessionSound(s).mode !== 'off',
    inChannel: (id) => {
      const c = client.channels.cache.get(id);
      return !!c && 'guild' in c && c.guild.voiceStates.cache.get(client.user?.id ?? '')?.channelId === id;
    },
    visit: (guildId, channelId, task) => visitVoiceChannel(client, guildId, channelId, task),
    current: watchVoiceStatuses(client),
  });
  client.on(Events.VoiceStateUpdate, (_before, after) => {
    if (after.id === client.user?.id && after.channelId) void voiceStatus.joined(after.channelId);
  });
  // The status before the voice guide: at the end it is put back while the bot is still in the
  // channel (Discord takes a status only from a member of it); at the start it waits for the join.
  const hooks: SessionHooks[] = [ops.hooks, notesListener, voiceStatus, voice, publisher];
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
    hooks,
    owns,
  });
  const catalogs = new GuildCatalogs(catalog, repos.sequences, (lang) => localized.of(lang));
  const trigger = options.trigger ?? cronTrigger(clock);
  const signups = options.signups ?? noSignups;
  const scheduling = createScheduling({
    client,
    store,
    runner,
    catalogs,
    languageOf: practiceLanguage,
    clock,
    log,
    trigger,
  });
  hooks.push(scheduling.hooks);
  const attendance = createAttendance({
    client,
    store,
    repos,
    schedules: scheduling.repo,
    signups,
    trigger,
    clock,
    log,
    languageOf: practiceLanguage,
    owns,
    pace: () => pacer.take(clock.now()),
  });
  hooks.push(attendance.hooks);
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
    signups,
    classView: config.activityPort !== undefined,
  };
  watchVoiceJoins(client, notesListener, (channelId) => runner.get(channelId), clock, log);

  client.on(Events.InteractionCreate, (interaction) => void routeInteraction(interaction, ctx, findSubcommand));
  client.on(Events.Error, (err) => log.error({ event: 'client.error', err: err.message }, 'discord client error'));
  client.rest.on('rateLimited', (info) =>
    log.warn(
      { event: 'rest.rate_limited', route: info.route, retryAfterMs: info.retryAfter, global: info.global },
      'rate limited',
    ),
  );

  // Before login, so /healthz answers 503 while the bot connects.
  await ops.start({ client, store, sessions: () => runner.size, log });

  const stopStats = config.statsMs
    ? reportProcessStats(log, { sessions: () => runner.size, waiting: () => runner.waiting }, config.statsMs)
    : undefined;

  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, (c) => {
      log.info({ event: 'gateway.ready', user: c.user.tag, guilds: c.guilds.cache.size }, 'connected to Discord');
      runner
        .resumeAll()
        .then((n) => {
          if (n) log.info({ event: 'session.resumed_all', count: n }, 'resumed saved sessions');
          void learnCommandId(c, log);
          // A status left by a session that is gone (crashed and not resumed) is put back.
          void voiceStatus
            .sweep(owns, (channelId) => runner.get(channelId) !== undefined)
            .catch((err: Error) =>
              log.warn({ event: 'voice_status.sweep_failed', err: err.message }, 'could not check voice statuses'),
            );
          // Schedules after sessions: a catch-up start must see the channel's resumed session.
          // Their guilds' own sequences are loaded first: a timer reads them without waiting.
          return warmCatalogs(catalogs, [...client.guilds.cache.keys()].filter(owns), log)
            .then(() => scheduling.start())
            .then(() =>
              attendance.weekly
                .start()
                .catch((err: Error) =>
                  log.error({ event: 'weekly_total.start_failed', err: err.message }, 'could not start weekly totals'),
                ),
            );
        })
        .then(resolve, reject);
    });
  });
  // The class view: every step, action and end reaches its viewers (right after the metrics).
  const classView = await startClassView(config, {
    client,
    sessions: runner,
    catalog,
    clock,
    log,
    languageOf: practiceLanguage,
    ready,
  });
  if (classView) hooks.splice(1, 0, classView.hooks);
  await client.login(config.token);

  return {
    client,
    ctx,
    ready,
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
