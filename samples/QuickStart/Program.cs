using Bolt;
using Bolt.Core;

// A map of up to 65,536 values of up to 32 bytes on the embedded simulator (Device = BoltDeviceKind.OpenCl for the kernel).
var options = new BoltMapOptions { Parameters = new BoltParameters(capacity: 1 << 16, valueSize: 32) };
var items = new Dictionary<string, byte[]> { ["alice"] = "red"u8.ToArray(), ["bob"] = "blue"u8.ToArray() };
await using var map = await BoltMap.CreateAsync(options, items);

await map.PutAsync("carol", "green"u8.ToArray());
byte[]? alice = await map.GetAsync("alice");
Console.WriteLine($"alice = {System.Text.Encoding.UTF8.GetString(alice!)}, bob present: {await map.ContainsAsync("bob")}, {map.Count} keys");
try
{
    await map.PutAsync("dave", new byte[64]); // longer than the value size: refused before anything is sent
}
catch (BoltException e)
{
    Console.WriteLine(e.Message);
}
