namespace Bolt.Core.Channel;

/// <summary>
/// Runs the device-side initialisation with authenticated plaintext Put records (SPEC §7): one part of the load,
/// the last one when <paramref name="lastPart"/> is true.
/// </summary>
public delegate void LoadHandler(ReadOnlySpan<byte> putRecords, bool lastPart);
