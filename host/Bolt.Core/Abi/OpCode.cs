namespace Bolt.Core.Abi;

/// <summary>The operation a command record asks for (SPEC §8).</summary>
public enum OpCode : uint
{
    /// <summary>Read the value of a key.</summary>
    Get = 1,

    /// <summary>Insert a key, or replace its value.</summary>
    Put = 2,

    /// <summary>Remove a key.</summary>
    Delete = 3,
}
