namespace Bolt.Client;

/// <summary>
/// An application key: a byte string, a string (its UTF-8 bytes, so <c>"k"</c> and the bytes of "k" are one key)
/// or a 64-bit integer (a key space of its own). Converts implicitly from each, so every map call takes any of
/// them. Only its PRF digest ever leaves the client.
/// </summary>
public readonly struct MapKey
{
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly string? _text;
    private readonly long _integer;
    private readonly Form _form;

    private MapKey(ReadOnlyMemory<byte> bytes, string? text, long integer, Form form)
    {
        _bytes = bytes;
        _text = text;
        _integer = integer;
        _form = form;
    }

    private enum Form : byte
    {
        Bytes,
        Text,
        Integer,
    }

    /// <summary>A byte-string key (any length, empty included).</summary>
    public static MapKey FromBytes(ReadOnlyMemory<byte> key) => new(key, null, 0, Form.Bytes);

    /// <summary>A string key.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    public static MapKey FromString(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(default, key, 0, Form.Text);
    }

    /// <summary>An integer key.</summary>
    public static MapKey FromInt64(long key) => new(default, null, key, Form.Integer);

    /// <summary>A byte-string key.</summary>
    public static implicit operator MapKey(byte[] key) => FromBytes(key);

    /// <summary>A byte-string key.</summary>
    public static implicit operator MapKey(ReadOnlyMemory<byte> key) => FromBytes(key);

    /// <summary>A string key.</summary>
    public static implicit operator MapKey(string key) => FromString(key);

    /// <summary>An integer key.</summary>
    public static implicit operator MapKey(long key) => FromInt64(key);

    /// <summary>The key's digest under the client's PRF (SPEC §2).</summary>
    internal Bolt.Core.Digest128 Digest(KeyPrf prf) => _form switch
    {
        Form.Text => prf.Digest(_text!),
        Form.Integer => prf.Digest(_integer),
        _ => prf.Digest(_bytes.Span),
    };

    /// <inheritdoc/>
    public override string ToString() => _form switch
    {
        Form.Text => $"\"{_text}\"",
        Form.Integer => _integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => $"{_bytes.Length} bytes",
    };
}
