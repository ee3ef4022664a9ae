using System.Runtime.InteropServices;
using System.Text;
using Bolt.Core;

namespace Bolt.OpenCl.Xrt;

/// <summary>
/// The shim's C ABI (hardware/xrt/bolt_xrt_shim.h), bound at run time from a library path so the same code drives
/// the real shim over XRT (libbolt_xrt.so) or the tests' fake (libbolt_xrt_fake.so). Every call is checked: a
/// negative return becomes an <see cref="XrtException"/> with the shim's own error text.
/// </summary>
internal sealed unsafe class XrtShim : IDisposable
{
    private readonly nint _library;
    private readonly delegate* unmanaged<uint, byte*, byte*, nint*, byte*, nuint, int> _open;
    private readonly delegate* unmanaged<nint, uint, ulong, int, void**, int*, int> _alloc;
    private readonly delegate* unmanaged<nint, int, int, ulong, ulong, int> _sync;
    private readonly delegate* unmanaged<nint, uint, int, int> _setBuffer;
    private readonly delegate* unmanaged<nint, uint, ulong, uint, int> _setScalar;
    private readonly delegate* unmanaged<nint, uint, int> _run;
    private readonly delegate* unmanaged<nint, int, int> _release;
    private readonly delegate* unmanaged<nint, byte*> _lastError;
    private readonly delegate* unmanaged<nint, void> _close;
    private nint _handle;

    /// <summary>Loads the shim library and opens device <paramref name="index"/> with the .xclbin.</summary>
    public XrtShim(string library, uint index, string xclbin, string kernelName)
    {
        if (!NativeLibrary.TryLoad(library, out _library))
        {
            throw new XrtException($"The XRT shim '{library}' could not be loaded. Build it with `make -C hardware/xrt real` on a host with XRT installed (source /opt/xilinx/xrt/setup.sh first).");
        }

        _open = (delegate* unmanaged<uint, byte*, byte*, nint*, byte*, nuint, int>)Export("bolt_xrt_open");
        _alloc = (delegate* unmanaged<nint, uint, ulong, int, void**, int*, int>)Export("bolt_xrt_alloc");
        _sync = (delegate* unmanaged<nint, int, int, ulong, ulong, int>)Export("bolt_xrt_sync");
        _setBuffer = (delegate* unmanaged<nint, uint, int, int>)Export("bolt_xrt_set_buffer");
        _setScalar = (delegate* unmanaged<nint, uint, ulong, uint, int>)Export("bolt_xrt_set_scalar");
        _run = (delegate* unmanaged<nint, uint, int>)Export("bolt_xrt_run");
        _release = (delegate* unmanaged<nint, int, int>)Export("bolt_xrt_release");
        _lastError = (delegate* unmanaged<nint, byte*>)Export("bolt_xrt_last_error");
        _close = (delegate* unmanaged<nint, void>)Export("bolt_xrt_close");

        var error = new byte[512];
        int code;
        nint handle;
        fixed (byte* path = Encoding.UTF8.GetBytes(xclbin + "\0"))
        fixed (byte* name = Encoding.ASCII.GetBytes(kernelName + "\0"))
        fixed (byte* e = error)
        {
            code = _open(index, path, name, &handle, e, (nuint)error.Length);
        }

        if (code < 0)
        {
            NativeLibrary.Free(_library);
            throw new XrtException("bolt_xrt_open", code, Encoding.UTF8.GetString(error).TrimEnd('\0'));
        }

        _handle = handle;
    }

    /// <summary>A buffer for a kernel argument in the bank the .xclbin connected it to; returns the handle, mapping and memory group.</summary>
    public (int Buffer, nint Mapped, int Group) Alloc(uint argument, long bytes, bool hostOnly)
    {
        void* mapped;
        int group;
        int buffer = Check("bolt_xrt_alloc", _alloc(_handle, argument, (ulong)bytes, hostOnly ? 1 : 0, &mapped, &group));
        return (buffer, (nint)mapped, group);
    }

    /// <summary>Syncs a byte range of a buffer to (<paramref name="toDevice"/>) or from the device.</summary>
    public void Sync(int buffer, bool toDevice, long offset, long bytes) =>
        Check("bolt_xrt_sync", _sync(_handle, buffer, toDevice ? 0 : 1, (ulong)offset, (ulong)bytes));

    /// <summary>Binds a buffer to a kernel argument.</summary>
    public void SetBuffer(uint argument, int buffer) => Check("bolt_xrt_set_buffer", _setBuffer(_handle, argument, buffer));

    /// <summary>Binds a 4- or 8-byte scalar to a kernel argument.</summary>
    public void SetScalar(uint argument, ulong value, int bytes) => Check("bolt_xrt_set_scalar", _setScalar(_handle, argument, value, (uint)bytes));

    /// <summary>One run with the bound arguments, waited for up to <paramref name="timeoutMs"/> (0: no limit).</summary>
    public void Run(uint timeoutMs) => Check("bolt_xrt_run", _run(_handle, timeoutMs));

    /// <summary>Releases a buffer.</summary>
    public void Release(int buffer) => Check("bolt_xrt_release", _release(_handle, buffer));

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_handle != 0)
        {
            _close(_handle);
            _handle = 0;
            NativeLibrary.Free(_library);
        }
    }

    private nint Export(string name) =>
        NativeLibrary.TryGetExport(_library, name, out nint address)
            ? address
            : throw new XrtException($"The XRT shim has no export '{name}': it was built from another bolt_xrt_shim.h.");

    private int Check(string call, int code) =>
        code >= 0 ? code : throw new XrtException(call, code, Marshal.PtrToStringUTF8((nint)_lastError(_handle)) ?? string.Empty);
}
