using BenchmarkDotNet.Attributes;
using Bolt.Core.Crypto;

namespace Bolt.Benchmarks;

/// <summary>The intrinsic AES-GCM against the framework's, at a small record and at a page-sized payload.</summary>
[MemoryDiagnoser]
public class CryptoBenchmarks : IDisposable
{
    private readonly byte[] _key = new byte[16];
    private readonly byte[] _nonce = new byte[12];
    private readonly byte[] _aad = new byte[16];
    private readonly byte[] _tag = new byte[16];
    private readonly byte[] _blocks = new byte[4 * Aes128.BlockSize];
    private byte[] _plaintext = [];
    private byte[] _ciphertext = [];
    private byte[] _opened = [];
    private AesGcm128 _gcm = null!;
    private Aes128 _aes = null!;
    private System.Security.Cryptography.AesGcm _framework = null!;

    [Params(64, 464)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        random.NextBytes(_key);
        random.NextBytes(_nonce);
        random.NextBytes(_aad);
        random.NextBytes(_blocks);
        _plaintext = new byte[Size];
        random.NextBytes(_plaintext);
        _ciphertext = new byte[Size];
        _opened = new byte[Size];
        _gcm = new AesGcm128(_key);
        _aes = new Aes128(_key);
        _framework = new System.Security.Cryptography.AesGcm(_key, 16);
        _gcm.Seal(_nonce, _plaintext, _ciphertext, _tag, _aad);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public void Seal() => _gcm.Seal(_nonce, _plaintext, _ciphertext, _tag, _aad);

    [Benchmark]
    public bool TryOpen() => _gcm.TryOpen(_nonce, _ciphertext, _tag, _opened, _aad);

    [Benchmark(Baseline = true)]
    public void FrameworkEncrypt() => _framework.Encrypt(_nonce, _plaintext, _ciphertext, _tag, _aad);

    [Benchmark]
    public void FrameworkDecrypt() => _framework.Decrypt(_nonce, _ciphertext, _tag, _opened, _aad);

    // Size does not apply here; it runs once per Size value like the rest.
    [Benchmark]
    public void EncryptBlocks4() => _aes.EncryptBlocks(_blocks, _blocks);

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _framework?.Dispose();
        }
    }
}
