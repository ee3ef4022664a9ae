namespace Bolt.Core;

/// <summary>
/// Host memory the device read back failed authentication (a flipped bit, a swapped page, a replayed old
/// version). The access that saw it changed nothing; no value was returned.
/// </summary>
public class IntegrityViolationException : BoltException
{
    /// <summary>Creates the exception for one host page the device named.</summary>
    public IntegrityViolationException(int page, string reason)
        : base($"Host page {page} failed authentication ({reason}); the access was aborted and changed nothing.")
    {
        Page = page;
        Reason = reason;
    }

    /// <summary>Creates the exception with its whole message, when the device did not say which page failed.</summary>
    public IntegrityViolationException(string message)
        : base(message)
    {
        Reason = message;
    }

    /// <summary>The host page that failed, when the device said (a response status does not).</summary>
    public int? Page { get; }

    /// <summary>A hint at what was wrong (stale version, wrong page index, bad tag).</summary>
    public string Reason { get; }
}
