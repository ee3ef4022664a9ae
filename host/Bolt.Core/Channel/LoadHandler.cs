namespace Bolt.Core.Channel;

/// <summary>Runs the device-side initialisation with authenticated plaintext Put records (SPEC §7).</summary>
public delegate void LoadHandler(ReadOnlySpan<byte> putRecords);
