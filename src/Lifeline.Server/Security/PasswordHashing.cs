using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Lifeline.Server.Security;

/// <summary>
/// PBKDF2-HMAC-SHA256 password hashes (OWASP's 600,000 iterations), stored as <c>pbkdf2-sha256$iterations$salt$hash</c>;
/// the iteration count travels with the hash so it can be raised later.
/// </summary>
internal static class PasswordHashing
{
    public const int Iterations = 600_000;
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    /// <summary>Verified against when the user does not exist, so a wrong name costs as long as a wrong password.</summary>
    public static readonly string Decoy = Create("decoy password that matches nothing");

    public static string Create(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"pbkdf2-sha256${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    public static bool Verify(string password, string stored)
    {
        if (stored.Split('$') is not ["pbkdf2-sha256", var iterationsText, var saltText, var hashText]
            || !int.TryParse(iterationsText, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            return false;
        }

        var expected = Convert.FromBase64String(hashText);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(saltText), iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }
}
