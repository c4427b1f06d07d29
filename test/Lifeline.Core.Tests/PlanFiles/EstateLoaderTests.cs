using Lifeline.Core.PlanFiles;
using Lifeline.Core.Plans;
using static Lifeline.Core.Tests.PlanFiles.LoaderFixture;

namespace Lifeline.Core.Tests.PlanFiles;

public sealed class EstateLoaderTests
{
    [Fact]
    public void Load_ValidFixture_HasNoDiagnostics()
    {
        var diagnostics = Steps("""
                  - id: a
                    check: http.get
                    target: web
                    expect: { status: 200 }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Load_TwoExecutiveEscalationLevels_IsALocatedError()
    {
        var estate = Estate.Replace("resources:", """
            escalation:
              - { level: 1, contacts: [on-call], executive: true }
              - { level: 2, contacts: [cto], after: 30m, executive: true }
            resources:
            """, StringComparison.Ordinal);

        var diagnostics = Load(estate, null);

        var single = Assert.Single(diagnostics);
        Assert.Matches(@"^e/estate\.yaml:\d+:\d+: error: escalation level 2 is the second executive level \(level 1 is one already\); expected executive: true on one level only$", single);
    }

    [Fact]
    public void Load_YamlSyntaxError_ReportsOneDiagnosticWithPosition()
    {
        var diagnostics = Load(Estate, "scenario: p\nseverity: [P1\n");

        var single = Assert.Single(diagnostics);
        Assert.StartsWith("e/plans/p.yaml:3:1: error: YAML syntax: ", single);
    }

    [Fact]
    public void Load_NotifyWithoutSubjectOrTemplate_SaysWhatItNeeds()
    {
        var diagnostics = Steps("""
                  - id: tell
                    notify: { to: [on-call], message: hello }
            """);

        Assert.Single(diagnostics);
        Assert.EndsWith("error: a notification needs a subject and a message, or a template; expected subject: and message:, or template: NAME", diagnostics[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DeliveryTimeoutWithoutWaitForDelivery_IsALocatedError()
    {
        var diagnostics = Steps("""
                  - id: tell
                    notify: { to: [on-call], subject: hi, message: hello, delivery-timeout: 1m }
            """);

        var single = Assert.Single(diagnostics);
        Assert.Matches(@"^e/plans/p\.yaml:\d+:\d+: error: 'delivery-timeout' applies only with 'wait-for-delivery: true'; expected wait-for-delivery: true, or no delivery-timeout$", single);
    }

    [Fact]
    public void Load_NotifyWaitForDelivery_IsReadWithItsTimeout()
    {
        var diagnostics = Steps("""
                  - id: tell
                    notify: { to: [on-call], subject: hi, message: hello, wait-for-delivery: true, delivery-timeout: 5m }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Load_UnknownKey_SuggestsClosestKey()
    {
        var diagnostics = Steps("""
                  - id: a
                    wait: 1s
                  - id: b
                    neds: [a]
                    wait: 1s
            """);

        Assert.Equal(["e/plans/p.yaml:10:9: error: unknown key 'neds' in step 'b' (did you mean 'needs'?); expected one of id, name, needs, action, check, wait, approval, manual, notify, shell, target, with, expect, interval, hold, timeout, retry, on-failure, compensate"], diagnostics);
    }

    [Fact]
    public void Load_WrongNodeType_SaysWhatWasExpected()
    {
        var diagnostics = Steps("""
                  - id: a
                    wait: 1s
                    needs: a
            """);

        Assert.Equal(["e/plans/p.yaml:9:16: error: 'needs' is a scalar, not a sequence; expected a list of strings, e.g. [a, b]"], diagnostics);
    }

    [Fact]
    public void Load_MissingRequiredKey_NamesTheKey()
    {
        var diagnostics = Load(Estate, "scenario: p\nphases: []\n");

        Assert.Equal(["e/plans/p.yaml:1:1: error: the plan is missing 'severity'; expected severity: one of P1, P2, P3, P4"], diagnostics);
    }

    [Fact]
    public void Load_BadDuration_ExpectsDuration()
    {
        var diagnostics = Steps("""
                  - id: a
                    wait: soon
            """);

        Assert.Equal(["e/plans/p.yaml:8:15: error: 'wait' is 'soon', not a duration; expected a duration such as 500ms, 30s, 15m, 1h30m or 2d"], diagnostics);
    }

    [Fact]
    public void Load_BadSeverity_ListsSeverities()
    {
        var diagnostics = Load(Estate, "scenario: p\nseverity: P5\nphases: []\n");

        Assert.Equal(["e/plans/p.yaml:2:11: error: 'severity' is 'P5' (did you mean 'P1'?); expected one of P1, P2, P3, P4"], diagnostics);
    }

    [Fact]
    public void Load_BadEnum_ListsValues()
    {
        var diagnostics = Steps("""
                  - id: a
                    wait: 1s
                    on-failure: compensat
            """);

        Assert.Equal(["e/plans/p.yaml:9:21: error: 'on-failure' is 'compensat' (did you mean 'compensate'?); expected one of stop, continue, compensate"], diagnostics);
    }

    [Fact]
    public void Load_TwoKindKeys_IsAnError()
    {
        var diagnostics = Steps("""
                  - id: a
                    wait: 1s
                    shell: { argv: [echo] }
            """);

        Assert.Equal(["e/plans/p.yaml:9:9: error: 'shell' cannot be combined with 'wait' in step 'a'; expected exactly one of action, check, wait, approval, manual, notify, shell"], diagnostics);
    }

    [Fact]
    public void Load_NoKindKey_IsAnError()
    {
        var diagnostics = Steps("""
                  - id: a
                    name: nothing
            """);

        Assert.Equal(["e/plans/p.yaml:7:9: error: step 'a' has none of action, check, wait, approval, manual, notify, shell; expected exactly one of them"], diagnostics);
    }

    [Fact]
    public void Load_DuplicateStepIds_PointsAtBoth()
    {
        var diagnostics = Steps("""
                  - id: a
                    wait: 1s
                  - id: a
                    wait: 2s
            """);

        Assert.Equal(["e/plans/p.yaml:9:13: error: step id 'a' is already used at e/plans/p.yaml:7:13; expected a step id unique across the plan"], diagnostics);
    }

    [Fact]
    public void Load_DuplicatePhaseIds_IsAnError()
    {
        var plan = Plan("""
                  - id: a
                    wait: 1s
            """) + """

              - id: one
                budget: 1m
                steps: []

            """;

        var diagnostics = Load(Estate, plan);

        Assert.Equal(["e/plans/p.yaml:9:9: error: phase id 'one' is already used at e/plans/p.yaml:4:9; expected a unique phase id"], diagnostics);
    }

    [Fact]
    public void Load_UndefinedNeed_SuggestsStep()
    {
        var diagnostics = Steps("""
                  - id: fence
                    wait: 1s
                  - id: promote
                    needs: [fenc]
                    wait: 1s
            """);

        Assert.Equal(["e/plans/p.yaml:10:17: error: step 'promote' needs 'fenc', which is not defined (did you mean 'fence'?); expected the id of a step in this phase or an earlier one"], diagnostics);
    }

    [Fact]
    public void Load_NeedInLaterPhase_IsAnError()
    {
        var plan = Plan("""
                  - id: a
                    needs: [b]
                    wait: 1s
            """) + """

              - id: two
                budget: 1m
                steps:
                  - id: b
                    wait: 1s

            """;

        var diagnostics = Load(Estate, plan);

        Assert.Equal(["e/plans/p.yaml:8:17: error: step 'a' needs 'b', which is in a later phase; expected the id of a step in this phase or an earlier one"], diagnostics);
    }

    [Fact]
    public void Load_Cycle_NamesEveryStep()
    {
        var diagnostics = Steps("""
                  - id: a
                    needs: [c]
                    wait: 1s
                  - id: b
                    needs: [a]
                    wait: 1s
                  - id: c
                    needs: [b]
                    wait: 1s
            """);

        Assert.Equal(["e/plans/p.yaml:7:13: error: cycle: a -> c -> b -> a; expected needs that form no cycle"], diagnostics);
    }

    [Fact]
    public void Load_UnknownTarget_SuggestsResource()
    {
        var diagnostics = Steps("""
                  - id: a
                    check: database.status
                    target: dbb
                    expect: { reachable: true }
            """);

        Assert.Equal(["e/plans/p.yaml:9:17: error: unknown resource 'dbb' (did you mean 'db'?); expected a resource declared in the estate"], diagnostics);
    }

    [Fact]
    public void Load_TargetWithoutBindingForProfile_NamesProfile()
    {
        var diagnostics = Steps("""
                  - id: a
                    check: database.status
                    target: dbonly
                    expect: { reachable: true }
            """, profile: "sandbox");

        Assert.Equal(["e/plans/p.yaml:9:17: error: resource 'dbonly' has no binding for profile 'sandbox'; expected resources.dbonly.bindings.sandbox in the estate"], diagnostics);
    }

    [Fact]
    public void Load_TargetWithoutBinding_AllProfilesCheckedWhenProfileIsNull()
    {
        var diagnostics = Steps("""
                  - id: a
                    check: database.status
                    target: dbonly
                    expect: { reachable: true }
            """);

        Assert.Single(diagnostics);
        Assert.DoesNotContain(Steps("""
                  - id: a
                    check: database.status
                    target: dbonly
                    expect: { reachable: true }
            """, profile: "production"), d => d.Contains(": error: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_UnknownProvider_SuggestsProvider()
    {
        var estate = Estate.Replace("provider: postgres", "provider: postgress", StringComparison.Ordinal);

        var diagnostics = Load(estate, null);

        Assert.Single(diagnostics);
        Assert.StartsWith("e/estate.yaml:17:28: error: unknown provider 'postgress' (did you mean 'postgres'?); expected one of ", diagnostics[0]);
    }

    [Fact]
    public void Load_UnknownOperation_SuggestsOperation()
    {
        var diagnostics = Steps("""
                  - id: a
                    action: database.promte
                    target: db
            """, profile: "sandbox");

        Assert.Equal(["e/plans/p.yaml:8:17: error: provider 'postgres' (profile 'sandbox') has no operation 'database.promte' (did you mean 'database.promote'?); expected one of database.fence, database.promote, database.reprotect, database.baseline-capture, database.baseline-verify, database.reboot-failover, database.snapshot"], diagnostics);
    }

    [Fact]
    public void Load_MissingAndUnknownInputs_AreErrors()
    {
        var diagnostics = Steps("""
                  - id: a
                    action: database.baseline-verify
                    target: db
                    with: { baselin: x }
            """, profile: "production");

        Assert.Equal(
        [
            "e/plans/p.yaml:8:17: warning: step 'a': provider 'aws-rds' (profile 'production') only describes 'database.baseline-verify' in this build; a production run stops at this step; expected a provider that executes here (see lifeline providers), or dry-run only",
            "e/plans/p.yaml:8:17: error: action 'database.baseline-verify' needs input 'baseline'; expected with: { baseline: ... } (The baseline JSON, or @path to a file holding it.)",
            "e/plans/p.yaml:10:17: error: action 'database.baseline-verify' has no input 'baselin' (did you mean 'baseline'?); expected one of baseline, acknowledged-at",
        ], diagnostics);
    }

    [Fact]
    public void Load_ActionWithoutTargetOrProviderPrefix_NeedsTarget()
    {
        var diagnostics = Steps("""
                  - id: a
                    action: database.promote
                  - id: b
                    check: http.get
                    with: { url: "https://example.org" }
                    expect: { status: 200 }
            """);

        Assert.Equal(["e/plans/p.yaml:8:17: error: action 'database.promote' needs a target; expected target: a resource id, or an operation that needs none (e.g. http.get with a url)"], diagnostics);
    }

    [Fact]
    public void Load_UnknownExpressionRoot_SuggestsRoot()
    {
        var diagnostics = Steps("""
                  - id: a
                    shell: { argv: [echo, "${{ stpes.x.outputs.y }}"] }
            """);

        Assert.Equal(["e/plans/p.yaml:8:31: error: ${{ stpes.x.outputs.y }}: unknown root 'stpes' (did you mean 'steps'?); expected one of steps, secrets, inputs, resources, run, estate, env"], diagnostics);
    }

    [Fact]
    public void Load_StepOutputNotUpstream_IsAnError()
    {
        var diagnostics = Steps("""
                  - id: promote
                    action: database.promote
                    target: db
                  - id: put
                    shell: { argv: [echo, "${{ steps.promote.outputs.endpoint }}"] }
            """);

        Assert.Equal(["e/plans/p.yaml:11:31: error: ${{ steps.promote.outputs.endpoint }}: step 'promote' is not upstream of step 'put'; expected 'promote' in the needs of 'put', or in an earlier phase"], diagnostics);
    }

    [Fact]
    public void Load_StepOutputNotDeclared_SuggestsOutput()
    {
        var diagnostics = Steps("""
                  - id: promote
                    action: database.promote
                    target: db
                  - id: put
                    needs: [promote]
                    shell: { argv: [echo, "${{ steps.promote.outputs.endpont }}"] }
            """);

        Assert.Equal(["e/plans/p.yaml:12:31: error: ${{ steps.promote.outputs.endpont }}: step 'promote' (database.promote) has no output 'endpont' (did you mean 'endpoint'?); expected one of endpoint, host, port, promoted_at"], diagnostics);
    }

    [Fact]
    public void Load_ResourceSettingAndRunField_AreChecked()
    {
        var diagnostics = Steps("""
                  - id: a
                    shell: { argv: ["${{ resources.web.settings.url }}", "${{ resources.web.settings.uri }}", "${{ run.idd }}", "${{ secrets.X }}", "${{ env.Y }}"] }
            """);

        Assert.Equal(
        [
            "e/plans/p.yaml:8:62: error: ${{ resources.web.settings.uri }}: resource 'web' has no setting 'uri' for profile 'production' (did you mean 'url'?); expected one of url",
            "e/plans/p.yaml:8:99: error: ${{ run.idd }}: unknown run field 'idd' (did you mean 'id'?); expected run.id|mode|profile|scenario|started_at|clock_start|epoch",
        ], diagnostics);
    }

    [Fact]
    public void Load_UnknownContact_SuggestsContact()
    {
        var diagnostics = Steps("""
                  - id: a
                    approval: { prompt: Go?, approvers: [ct0] }
            """);

        Assert.Equal(["e/plans/p.yaml:8:46: error: unknown contact 'ct0' (did you mean 'cto'?); expected one of cto, on-call"], diagnostics);
    }

    [Fact]
    public void Load_EstateReferences_AreChecked()
    {
        var estate = Estate
            .Replace("site: primary\n    bindings:\n      production: { provider: http", "site: primry\n    tier: critcal\n    bindings:\n      production: { provider: http", StringComparison.Ordinal)
            .Replace("      sandbox: { provider: http, settings: { url: \"https://y\" } }", "      sandbx: { provider: http, settings: { url: \"https://y\" } }", StringComparison.Ordinal);

        var diagnostics = Load(estate, null);

        Assert.Equal(
        [
            "e/estate.yaml:20:11: error: resource 'web' names site 'primry', which is not declared (did you mean 'primary'?); expected one of primary",
            "e/estate.yaml:21:11: error: tier 'critcal' is not a key of objectives.rto (did you mean 'critical'?); expected one of critical",
            "e/estate.yaml:24:7: error: binding for profile 'sandbx', which is not declared in profiles (did you mean 'sandbox'?); expected one of production, sandbox",
        ], diagnostics);
    }

    [Fact]
    public void Load_StepTimeoutBeyondPhaseBudget_IsAWarning()
    {
        var diagnostics = Steps("""
                  - id: a
                    wait: 1s
                    timeout: 1h
            """);

        Assert.Equal(["e/plans/p.yaml:9:18: warning: step 'a' may take 1h, longer than phase 'one''s budget of 10m; expected a timeout within the phase budget"], diagnostics);
    }

    [Fact]
    public void Load_Inputs_SubstitutedBeforeInterpretation()
    {
        var plan = "scenario: p\nseverity: P2\ninputs:\n  pause: { default: 5m }\nphases:\n  - id: one\n    budget: 10m\n    steps:\n      - id: a\n        wait: \"${{ inputs.pause }}\"\n";
        var files = new Dictionary<string, string> { [EstateFile] = Estate, [PlanFile] = plan };

        var (withDefault, _) = EstateLoader.Load(new EstateSources("e", EstateFile, files), new LoadOptions(null, new Dictionary<string, string>(), TestCatalog.Instance));
        var (withGiven, _) = EstateLoader.Load(new EstateSources("e", EstateFile, files), new LoadOptions(null, new Dictionary<string, string> { ["pause"] = "90s" }, TestCatalog.Instance));

        Assert.Equal(TimeSpan.FromMinutes(5), ((WaitBody)withDefault!.Plans[0].FindStep("a")!.Body).Duration);
        Assert.Equal(TimeSpan.FromSeconds(90), ((WaitBody)withGiven!.Plans[0].FindStep("a")!.Body).Duration);
    }

    [Fact]
    public void Load_GivenInputsHoldingOrJoiningIntoExpressions_AreRefused()
    {
        var plan = "scenario: p\nseverity: P2\ninputs:\n  a: { default: x }\n  b: { default: y }\nphases:\n  - id: one\n    budget: 10m\n    steps:\n      - id: s\n        manual: { instructions: \"${{ inputs.a }}${{ inputs.b }}\" }\n";

        var holding = Load(Estate, plan, inputs: new Dictionary<string, string> { ["a"] = "${{ env.HOME }}" });
        var joining = Load(Estate, plan, inputs: new Dictionary<string, string> { ["a"] = "$", ["b"] = "{{ env.HOME }}" });
        var plain = Load(Estate, plan, inputs: new Dictionary<string, string> { ["a"] = "$5", ["b"] = "{braces}" });

        Assert.Contains(holding, d => d.Contains("the value given for input 'a' contains '${{': a given input is taken literally", StringComparison.Ordinal));
        Assert.Contains(joining, d => d.Contains("the inputs substituted here join into a new ${{ … }} expression", StringComparison.Ordinal));
        Assert.DoesNotContain(plain, d => d.Contains("error", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_UndeclaredAndMissingInputs_AreErrors()
    {
        var plan = "scenario: p\nseverity: P2\ninputs:\n  pause: { description: no default }\nphases:\n  - id: one\n    budget: 10m\n    steps:\n      - id: a\n        wait: \"${{ inputs.paus }}\"\n";

        var diagnostics = Load(Estate, plan, inputs: new Dictionary<string, string> { ["pasue"] = "1s" });

        Assert.Equal(
        [
            "e: error: input 'pasue' is not declared by any plan (did you mean 'pause'?); expected one of pause",
            "e/plans/p.yaml:4:3: error: input 'pause' has no default and no value was given; expected a default, or --input pause=VALUE",
            "e/plans/p.yaml:10:15: error: ${{ inputs.paus }}: unknown input 'paus' (did you mean 'pause'?); expected one of pause",
            "e/plans/p.yaml:10:15: error: 'wait' is '${{ inputs.paus }}', not a duration; expected a duration such as 500ms, 30s, 15m, 1h30m or 2d",
        ], diagnostics);
    }

    [Fact]
    public void Load_PlanForProductionOnly_IsNotCheckedAgainstTheSandboxAndItsUnknownProfileIsLocated()
    {
        // A plan whose target has no sandbox binding is valid when it says it is written for production only
        var production = "scenario: p\nseverity: P2\nprofiles: [production]\nphases:\n  - id: one\n    budget: 10m\n    steps:\n      - id: a\n        check: database.status\n        target: dbonly\n        expect: { reachable: true }\n";
        Assert.Empty(Load(Estate, production));

        // and a profile the estate does not declare is a located error
        var unknown = production.Replace("[production]", "[production, sandbx]", StringComparison.Ordinal);
        Assert.Equal(["e/plans/p.yaml:3:24: error: profile 'sandbx' is not one of the estate's (did you mean 'sandbox'?); expected one of production, sandbox"], Load(Estate, unknown));
    }

    [Fact]
    public void Load_UnknownProfile_IsAnError()
    {
        var diagnostics = Load(Estate, null, profile: "sandbx");

        Assert.Equal(["e/estate.yaml:1:1: error: profile 'sandbx' is not declared by the estate (did you mean 'sandbox'?); expected one of production, sandbox"], diagnostics);
    }

    [Fact]
    public void Load_FullStep_MapsEveryField()
    {
        var plan = Plan("""
                  - id: promote
                    name: Promote
                    action: database.promote
                    target: db
                    with: { wait: 60s }
                    timeout: 5m
                    retry: { attempts: 3, delay: 2s, backoff: exponential, max-delay: 30s, on: transient }
                    on-failure: compensate
                    compensate: { shell: { argv: [echo, undo], idempotent: true } }
                  - id: check
                    needs: [promote]
                    check: http.get
                    target: web
                    expect: { status: "!= 500", latency_ms: "<= 200" }
                    interval: 1s
            """);
        var files = new Dictionary<string, string> { [EstateFile] = Estate, [PlanFile] = plan };

        var (loaded, diagnostics) = EstateLoader.Load(new EstateSources("e", EstateFile, files), new LoadOptions(null, new Dictionary<string, string>(), TestCatalog.Instance));

        Assert.Empty(diagnostics);
        var promote = loaded!.Plans[0].FindStep("promote")!;
        Assert.Equal(new RetryPolicy(3, TimeSpan.FromSeconds(2), RetryBackoff.Exponential, TimeSpan.FromSeconds(30), true), promote.Retry);
        Assert.Equal(OnFailure.Compensate, promote.OnFailure);
        Assert.Equal("promote-compensate", promote.Compensation!.Id);
        Assert.True(((ShellBody)promote.Compensation.Body).Idempotent);
        var check = (CheckBody)loaded.Plans[0].FindStep("check")!.Body;
        Assert.Equal([new Expectation("status", ExpectationOperator.NotEqual, "500"), new Expectation("latency_ms", ExpectationOperator.LessOrEqual, "200")], check.Expect);
        Assert.Equal(TimeSpan.FromSeconds(1), check.Interval);
    }
}
