// A stand-in for the Discord client around an Activity: it loads the Activity in an iframe with
// the query Discord adds, and answers the Embedded App SDK's postMessage RPC the way the client
// does (HANDSHAKE → READY, AUTHORIZE → a code, AUTHENTICATE → the user, SUBSCRIBE, …). Codes
// and tokens come from the stand-in Discord through functions the test exposes on this page
// (standInAuthorize, standInAuthenticate), so the real SDK talks to a real exchange.
(() => {
  const HANDSHAKE = 0;
  const FRAME = 1;
  const params = new URLSearchParams(location.search);
  const iframe = document.getElementById('activity');
  const query = new URLSearchParams({
    instance_id: params.get('instance_id') ?? '',
    channel_id: params.get('channel_id') ?? '',
    guild_id: params.get('guild_id') ?? '',
    frame_id: crypto.randomUUID(),
    platform: params.get('platform') ?? 'desktop',
    location_id: params.get('location_id') ?? '',
  });
  const log = [];
  window.rpcLog = log;
  let target = null;

  const reply = (payload) => target?.postMessage([FRAME, payload], location.origin);

  const user = (u) => ({
    id: u.id,
    username: u.username,
    discriminator: '0',
    avatar: null,
    global_name: u.global_name,
    public_flags: 0,
  });

  async function command(m) {
    const { cmd, nonce, args } = m;
    log.push(cmd);
    try {
      if (cmd === 'AUTHORIZE') {
        const code = await window.standInAuthorize(args?.scope ?? []);
        return reply({ cmd, evt: null, nonce, data: { code } });
      }
      if (cmd === 'AUTHENTICATE') {
        const u = await window.standInAuthenticate(args?.access_token ?? '');
        return reply({
          cmd,
          evt: null,
          nonce,
          data: {
            access_token: args.access_token,
            user: user(u),
            scopes: ['identify'],
            expires: new Date(Date.now() + 7 * 86_400_000).toISOString(),
            application: { id: u.application_id, name: 'yin', description: '', icon: null },
          },
        });
      }
      // SUBSCRIBE, CAPTURE_LOG and the rest: acknowledged, nothing more.
      return reply({ cmd, evt: null, nonce, data: null });
    } catch (err) {
      return reply({ cmd, evt: 'ERROR', nonce, data: { code: 4000, message: String(err?.message ?? err) } });
    }
  }

  window.addEventListener('message', (event) => {
    if (event.source !== iframe.contentWindow || event.origin !== location.origin) return;
    const [opcode, payload] = Array.isArray(event.data) ? event.data : [];
    target = event.source;
    if (opcode === HANDSHAKE) {
      log.push('HANDSHAKE');
      return reply({
        cmd: 'DISPATCH',
        evt: 'READY',
        nonce: null,
        data: {
          v: 1,
          config: { api_endpoint: '//discord.com/api', environment: 'production', cdn_host: 'cdn.discordapp.com' },
        },
      });
    }
    if (opcode === FRAME) void command(payload);
  });

  iframe.src = `/?${query}`;
})();
