using System.CommandLine;
using Lifeline.Cli.Hosting;
using Lifeline.Cli.Rendering;
using Lifeline.Server.Security;

namespace Lifeline.Cli.Commands;

/// <summary><c>lifeline users add|list|token</c>: the server's local users and their API tokens, in the state file.</summary>
internal static class UsersCommand
{
    public static Command Create(CliServices services)
    {
        var command = new Command("users", "Manage the server's users and API tokens.");
        command.Subcommands.Add(Add(services));
        command.Subcommands.Add(List(services));
        command.Subcommands.Add(Token(services));
        return command;
    }

    private static Command Add(CliServices services)
    {
        var name = new Argument<string>("name") { Description = "User name." };
        var role = new Option<string>("--role") { Description = "viewer, responder, approver or admin.", Required = true };
        role.AcceptOnlyFromAmong("viewer", "responder", "approver", "admin");
        var contact = new Option<string?>("--contact") { Description = "The estate contact this user is (what gates' approver lists name), e.g. cto." };
        var command = new Command("add", "Add a user; the password is read from standard input (at least 12 characters).") { name, role, contact };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!Console.IsInputRedirected)
            {
                Console.Error.Write("Password: ");
            }

            var password = (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r') ?? "";
            var users = await UserStore.OpenAsync(GlobalOptions.StatePath(parse), services.Time, cancellationToken);
            var (user, error) = await users.AddUserAsync(parse.GetValue(name)!, password, Roles.Parse(parse.GetValue(role))!.Value, parse.GetValue(contact), cancellationToken);
            if (user is null)
            {
                Terminal.Fail(error!);
                return ExitCodes.BadInput;
            }

            Console.Error.WriteLine($"user {user.Username} added ({Roles.Name(user.Role)}{(user.Contact is null ? "" : $", contact {user.Contact}")})");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CliServices services)
    {
        var command = new Command("list", "Users and their roles.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var users = await UserStore.OpenAsync(GlobalOptions.StatePath(parse), services.Time, cancellationToken);
            foreach (var user in await users.ListUsersAsync(cancellationToken))
            {
                Console.Out.WriteLine($"{user.Username,-20} {Roles.Name(user.Role),-10} {user.Contact}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Token(CliServices services)
    {
        var name = new Argument<string>("name") { Description = "User name." };
        var label = new Option<string>("--name") { Description = "What the token is for.", DefaultValueFactory = _ => "cli" };
        var days = new Option<int>("--expires-in-days") { Description = "How many days the token lasts (1 to 3650).", DefaultValueFactory = _ => (int)UserStore.DefaultTokenLifetime.TotalDays };
        var command = new Command("token", "Create an API token for a user. It is printed once and stored only as a hash.") { name, label, days };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var users = await UserStore.OpenAsync(GlobalOptions.StatePath(parse), services.Time, cancellationToken);
            var (token, error) = parse.GetValue(days) is >= 1 and <= 3650
                ? await users.CreateTokenAsync(parse.GetValue(name)!, parse.GetValue(label)!, TimeSpan.FromDays(parse.GetValue(days)), cancellationToken)
                : (null, $"--expires-in-days {parse.GetValue(days)} is out of range; expected 1 to 3650");
            if (token is null)
            {
                Terminal.Fail(error!);
                return ExitCodes.BadInput;
            }

            Console.Out.WriteLine(token.Token);
            Console.Error.WriteLine($"token {token.Id} for {token.Username}, expires {token.ExpiresAt:yyyy-MM-dd}: shown once; keep it (e.g. LIFELINE_TOKEN)");
            return ExitCodes.Success;
        });
        return command;
    }
}
