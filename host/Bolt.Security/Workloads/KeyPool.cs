namespace Bolt.Security.Workloads;

/// <summary>The set of key indices currently stored, with O(1) insert, delete and uniform draw.</summary>
internal sealed class KeyPool
{
    private readonly List<long> _keys = [];
    private readonly Dictionary<long, int> _index = [];

    public int Count => _keys.Count;

    public bool Contains(long key) => _index.ContainsKey(key);

    public void Add(long key)
    {
        _index.Add(key, _keys.Count);
        _keys.Add(key);
    }

    public void Remove(long key)
    {
        int i = _index[key];
        long last = _keys[^1];
        _keys[i] = last;
        _index[last] = i;
        _keys.RemoveAt(_keys.Count - 1);
        _index.Remove(key);
    }

    public long Draw(Random random) => _keys[random.Next(_keys.Count)];
}
