namespace Bolt.Security.Tamper;

/// <summary>Returns the device's host-memory region (a span cannot be captured, so the target asks each time).</summary>
public delegate Span<byte> HostRegion();
