namespace Lifeline.Providers.Postgres;

/// <summary>
/// Rewrites a pg_hba.conf so that only replication connections and the monitoring role get in. The rules it keeps are
/// the file's own (same addresses and authentication), so nothing new is let in; everything else is rejected.
/// </summary>
internal static class HbaBlock
{
    public static string Rewrite(string original, string? monitorUser, string header)
    {
        var kept = new List<string>();
        foreach (var raw in original.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 3 || fields[0] is not ("local" or "host" or "hostssl" or "hostnossl" or "hostgssenc" or "hostnogssenc"))
            {
                continue;
            }

            if (fields[1].Split(',').Contains("replication", StringComparer.Ordinal))
            {
                kept.Add(line);
            }
            else if (monitorUser is not null && (fields[2] == "all" || fields[2].Split(',').Contains(monitorUser, StringComparer.Ordinal)))
            {
                fields[2] = monitorUser;
                kept.Add(string.Join(' ', fields));
            }
        }

        return string.Join('\n', [header, .. kept, "local all all reject", "host all all all reject", ""]);
    }
}
