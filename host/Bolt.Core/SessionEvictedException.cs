using Bolt.Core.Channel;

namespace Bolt.Core;

/// <summary>
/// The device no longer holds this client's channel session. A device keeps at most
/// <see cref="BoltParameters.SessionSlots"/> sessions, so opening one more (another client's connect) evicts the
/// oldest; the untrusted host can also claim eviction. Either way the batch that met it has an unknown outcome:
/// it ran whole or not at all, and it can never run later — the client's next call opens a new session only once
/// the device provably reused the old session's slot, then goes on normally.
/// </summary>
public sealed class SessionEvictedException(string message) : ChannelViolationException(ChannelFault.UnknownSession, message);
