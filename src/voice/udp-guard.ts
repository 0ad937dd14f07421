import { VoiceUDPSocket } from '@discordjs/voice';

/**
 * @discordjs/voice 0.19 sends a connection's first UDP keep-alive on `setImmediate` after making
 * the socket. A connection destroyed in that same tick (a rejoin, a shutdown) closes the socket
 * first, and the send throws ERR_SOCKET_DGRAM_NOT_RUNNING outside any handler: an uncaught
 * exception that would take the whole bot down for a keep-alive nobody needs any more. That
 * one error is dropped here; any other still throws.
 */
const socket = VoiceUDPSocket.prototype as unknown as { keepAlive(this: unknown): void };
const keepAlive = socket.keepAlive;
socket.keepAlive = function guardedKeepAlive(this: unknown) {
  try {
    keepAlive.call(this);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_SOCKET_DGRAM_NOT_RUNNING') throw err;
  }
};
