namespace Bolt.Core;

/// <summary>A call into the XRT shim (hardware/xrt/bolt_xrt_shim.h) failed; carries the function and its code.</summary>
public sealed class XrtException : BoltException
{
    /// <summary>Creates the exception for a failed shim call.</summary>
    public XrtException(string call, int code, string detail)
        : base($"{call} failed ({CodeName(code)}): {detail}")
    {
        Call = call;
        Code = code;
    }

    /// <summary>Creates the exception for a failure before any shim call (the shim library is missing).</summary>
    public XrtException(string message) : base(message)
    {
        Call = string.Empty;
        Code = 0;
    }

    /// <summary>The shim function that failed (e.g. bolt_xrt_alloc), or empty.</summary>
    public string Call { get; }

    /// <summary>The shim's negative BOLT_XRT_E* code, or 0.</summary>
    public int Code { get; }

    private static string CodeName(int code) => code switch
    {
        -1 => "BOLT_XRT_E_OPEN",
        -2 => "BOLT_XRT_E_ALLOC",
        -3 => "BOLT_XRT_E_ARGUMENT",
        -4 => "BOLT_XRT_E_RUN",
        _ => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
