using System.Globalization;

namespace Lifeline.AwsStandIn;

public sealed partial class AwsStandIn
{
    private readonly Dictionary<string, int> _vaults = new(StringComparer.Ordinal);
    private readonly List<(string Vault, string State, DateTimeOffset Created, DateTimeOffset? Completed)> _backupJobs = [];

    public void AddBackupVault(string vault, int recoveryPoints)
    {
        lock (_lock)
        {
            _vaults[vault] = recoveryPoints;
        }
    }

    public void AddBackupJob(string vault, string state, DateTimeOffset created, DateTimeOffset? completed)
    {
        lock (_lock)
        {
            _backupJobs.Add((vault, state, created, completed));
        }
    }

    private Reply Backup(ServiceModel model, string operation, Dictionary<string, string> p)
    {
        switch (operation)
        {
            case "DescribeBackupVault":
                var vault = p["BackupVaultName"];
                return _vaults.TryGetValue(vault, out var points)
                    ? RestJson(new
                    {
                        BackupVaultName = vault,
                        BackupVaultArn = $"arn:aws:backup:region:000000000000:backup-vault:{vault}",
                        CreationDate = 1_700_000_000,
                        NumberOfRecoveryPoints = points,
                    })
                    : Error(model, 404, "ResourceNotFoundException", $"Backup vault {vault} does not exist");
            case "ListBackupJobs":
                var after = p.TryGetValue("ByCreatedAfter", out var since) ? DateTimeOffset.Parse(since, CultureInfo.InvariantCulture) : DateTimeOffset.MinValue;
                var jobs = _backupJobs.Where(j => j.Vault == p.GetValueOrDefault("ByBackupVaultName", j.Vault) && j.Created > after).Select((j, i) => new Dictionary<string, object>
                {
                    ["BackupJobId"] = $"job-{i}",
                    ["BackupVaultName"] = j.Vault,
                    ["State"] = j.State,
                    ["CreationDate"] = j.Created.ToUnixTimeSeconds(),
                    ["CompletionDate"] = (object?)j.Completed?.ToUnixTimeSeconds() ?? 0,
                }).Select(j =>
                {
                    if (j["CompletionDate"] is 0)
                    {
                        j.Remove("CompletionDate");
                    }

                    return j;
                }).ToArray();
                return RestJson(new { BackupJobs = jobs });
            default:
                return Error(model, 501, "NotImplementedByStandIn", $"the stand-in does not answer backup:{operation}");
        }
    }

    private static Reply RestJson(object value) => new(200, "application/json", System.Text.Json.JsonSerializer.Serialize(value), null);
}
