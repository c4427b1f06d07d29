namespace Lifeline.Providers.FileSecrets;

/// <summary>Where one file secret lives, from the binding settings <c>dir</c> and <c>name</c>.</summary>
internal sealed record SecretLocation(string Directory, string Name)
{
    public const string MissingSettings = "file-secrets needs the settings 'dir' and 'name' (a plain file name).";

    public string ValuePath => Path.Combine(Directory, Name);

    public string VersionPath => Path.Combine(Directory, Name + ".version");

    public static SecretLocation? From(IReadOnlyDictionary<string, string> settings)
    {
        if (!settings.TryGetValue("dir", out var dir) || string.IsNullOrWhiteSpace(dir)
            || !settings.TryGetValue("name", out var name) || string.IsNullOrWhiteSpace(name)
            || name != Path.GetFileName(name) || name is "." or "..")
            return null;
        return new SecretLocation(dir, name);
    }
}
