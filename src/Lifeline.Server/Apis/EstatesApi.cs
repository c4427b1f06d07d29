using Lifeline.Core.Diagnostics;
using Lifeline.Core.Providers;
using Lifeline.Engine.DryRun;
using Lifeline.Engine.Scheduling;
using Lifeline.Server.Hosting;
using Lifeline.Server.Readiness;
using Lifeline.Server.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lifeline.Server.Apis;

/// <summary>Estates and their plans: list, show, validate, dry-run, readiness and resource health.</summary>
internal static class EstatesApi
{
    public static RouteGroupBuilder MapEstatesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/estates").WithTags("Estates").RequireAuthorization(Roles.Policy(Role.Viewer)).WithBodyLimits();
        api.MapGet("/", List);
        api.MapGet("/{estate}", Show);
        api.MapPost("/{estate}/validate", Validate);
        api.MapPost("/{estate}/plans/{scenario}/dry-run", DryRun);
        api.MapGet("/{estate}/readiness", Readiness);
        api.MapGet("/{estate}/health", Health);
        return api;
    }

    private static Ok<IReadOnlyList<EstateSummary>> List(EstateCatalog estates) =>
        TypedResults.Ok<IReadOnlyList<EstateSummary>>([.. estates.Names.Order(StringComparer.Ordinal).Select(name =>
        {
            var (loaded, _, _) = estates.Load(name, null, new Dictionary<string, string>());
            return loaded is null
                ? new EstateSummary(name, "", [], 0, 0, [], false)
                : new EstateSummary(name, loaded.Estate.Description, loaded.Estate.Profiles, loaded.Estate.Sites.Count, loaded.Estate.Resources.Count, [.. loaded.Plans.Select(p => p.Scenario)], true);
        })]);

    private static Results<Ok<EstateDetail>, ProblemHttpResult> Show(string estate, EstateCatalog estates)
    {
        var (loaded, diagnostics, known) = estates.Load(estate, null, new Dictionary<string, string>());
        if (!known)
        {
            return ApiProblems.NotFound($"no estate '{estate}'");
        }

        if (loaded is null)
        {
            return ApiProblems.BadRequest("the estate does not load:\n" + string.Join("\n", diagnostics.Where(d => d.IsError)));
        }

        var e = loaded.Estate;
        return TypedResults.Ok(new EstateDetail(
            e.Name,
            e.Description,
            e.Profiles,
            [.. e.Sites.Select(s => new EstateSite(s.Id, s.Role, s.Region, s.Description))],
            [.. e.Resources.Select(r => new EstateResource(r.Id, r.Kind, r.Site, r.Tier, r.DataClass, r.Description, [.. r.Bindings.Keys]))],
            [.. e.Contacts.Select(c => new EstateContact(c.Id, c.Name, c.Role))],
            [.. loaded.Plans.Select(p => new EstatePlan(p.Scenario, p.Severity, p.Phases.Count, p.Steps.Count(), p.Phases.Sum(ph => ph.Budget.TotalSeconds)))]));
    }

    private static Results<Ok<ValidationResult>, ProblemHttpResult> Validate(string estate, EstateCatalog estates, string? profile = null)
    {
        var (loaded, diagnostics, known) = estates.Load(estate, profile, new Dictionary<string, string>());
        if (!known)
        {
            return ApiProblems.NotFound($"no estate '{estate}'");
        }

        return TypedResults.Ok(new ValidationResult(estate, profile, loaded is not null && !diagnostics.Any(d => d.IsError), [.. diagnostics.Select(Problem)]));
    }

    private static Results<Ok<DryRunReport>, ProblemHttpResult> DryRun(string estate, string scenario, DryRunBody? body, EstateCatalog estates, ServerState state, HttpContext http)
    {
        var mode = body?.Mode == "drill" ? RunMode.Drill : RunMode.Live;
        var profile = body?.Profile ?? (mode == RunMode.Drill ? "sandbox" : "production");
        var inputs = body?.Inputs ?? new Dictionary<string, string>();
        var (loaded, diagnostics, known) = estates.Load(estate, profile, inputs);
        if (!known)
        {
            return ApiProblems.NotFound($"no estate '{estate}'");
        }

        if (loaded is null)
        {
            return ApiProblems.BadRequest("the estate does not load:\n" + string.Join("\n", diagnostics.Where(d => d.IsError)));
        }

        if (loaded.FindPlan(scenario) is null)
        {
            return ApiProblems.NotFound($"no plan for scenario '{scenario}'; expected one of: {string.Join(", ", loaded.Plans.Select(p => p.Scenario))}");
        }

        var request = new StartRunRequest(loaded, scenario, RunMode.DryRun, profile, inputs, RunBehaviour.Default, Principals.Name(http.User));
        return TypedResults.Ok(state.Runs.DryRun(request));
    }

    private static Results<Ok<ReadinessReport>, ProblemHttpResult> Readiness(string estate, EstateCatalog estates, ResourceHealthBoard health, TimeProvider time, string profile = "production")
    {
        var (loaded, diagnostics, known) = estates.Load(estate, profile, new Dictionary<string, string>());
        if (!known)
        {
            return ApiProblems.NotFound($"no estate '{estate}'");
        }

        var checks = ReadinessEvaluator.Evaluate(loaded, [.. diagnostics.Select(d => d.ToString())], profile, health);
        return TypedResults.Ok(new ReadinessReport(estate, profile, checks.All(c => c.Status != "fail"), time.GetUtcNow(), checks));
    }

    private static Results<Ok<IReadOnlyList<ResourceHealthItem>>, ProblemHttpResult> Health(string estate, EstateCatalog estates, ResourceHealthBoard health)
    {
        var (loaded, diagnostics, known) = estates.Load(estate, null, new Dictionary<string, string>());
        if (!known)
        {
            return ApiProblems.NotFound($"no estate '{estate}'");
        }

        if (loaded is null)
        {
            return ApiProblems.BadRequest("the estate does not load:\n" + string.Join("\n", diagnostics.Where(d => d.IsError)));
        }

        return TypedResults.Ok<IReadOnlyList<ResourceHealthItem>>([.. loaded.Estate.Resources.Select(r =>
        {
            var observed = health.Latest(loaded.Estate.Name, r.Id);
            return new ResourceHealthItem(r.Id, r.Kind, r.Site, observed?.Status ?? "unknown", observed?.At, observed?.Fields ?? new Dictionary<string, string>());
        })]);
    }

    private static ValidationProblem Problem(Diagnostic d) =>
        new(d.IsError ? "error" : "warning", d.Location.File, d.Location.Line, d.Location.Column, d.Message, d.Expected, d.ToString());
}
