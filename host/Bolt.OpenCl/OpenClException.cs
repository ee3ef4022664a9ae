using Bolt.OpenCl;

namespace Bolt.Core;

/// <summary>An OpenCL call failed; carries the CL status code and its name (e.g. CL_INVALID_VALUE).</summary>
public sealed class OpenClException : BoltException
{
    /// <summary>Creates the exception for a failed call.</summary>
    public OpenClException(string call, int status, string? detail = null)
        : base($"{call} failed with {OpenClStatus.Name(status)} ({status}){(detail is null ? "." : ": " + detail)}")
    {
        Call = call;
        Status = status;
    }

    /// <summary>Creates the exception for a condition that is not a CL status (no platform, build failure).</summary>
    public OpenClException(string message) : base(message)
    {
        Call = string.Empty;
        Status = 0;
    }

    /// <summary>The OpenCL function that failed.</summary>
    public string Call { get; }

    /// <summary>The CL status code (negative), or 0 when the failure is not a CL status.</summary>
    public int Status { get; }

    /// <summary>The CL status name, e.g. CL_INVALID_VALUE.</summary>
    public string StatusName => OpenClStatus.Name(Status);
}
