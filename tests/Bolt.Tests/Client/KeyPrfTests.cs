using Bolt.Client;
using Xunit;

namespace Bolt.Tests.Client;

public sealed class KeyPrfTests
{
    private static readonly byte[] RfcKey = Convert.FromHexString("2b7e151628aed2a6abf7158809cf4f3c");

    [Theory] // RFC 4493 §4 test vectors
    [InlineData("", "bb1d6929e95937287fa37d129b756746")]
    [InlineData("6bc1bee22e409f96e93d7e117393172a", "070a16b46b4d4144f79bdd9dd04a287c")]
    [InlineData("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411", "dfa66747de9ae63030ca32611497c827")]
    public void Cmac_matches_RFC_4493(string message, string mac)
    {
        var prf = new KeyPrf(RfcKey);
        var value = prf.Cmac(Convert.FromHexString(message));
        Assert.Equal(mac, value.ToString("x32"));
    }

    [Fact]
    public void Key_types_are_separated_and_digests_depend_on_the_key()
    {
        var prf = new KeyPrf(RfcKey);
        var other = new KeyPrf(new byte[16]);
        Assert.Equal(prf.Digest("abc"u8), prf.Digest("abc"u8));
        Assert.NotEqual(prf.Digest(BitConverter.GetBytes(5L)), prf.Digest(5L));
        Assert.NotEqual(prf.Digest(5L), other.Digest(5L));
        Assert.NotEqual(prf.Digest(new byte[300]), prf.Digest(new byte[301]));
    }
}
