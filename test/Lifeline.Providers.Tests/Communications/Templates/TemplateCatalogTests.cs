using Fluid;
using Lifeline.Providers.Communications.Templates;

namespace Lifeline.Providers.Tests.Communications.Templates;

public sealed class TemplateCatalogTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static MessageModel Model(string status = "Mitigating") => MessageModel.From(
        new IncidentFacts(
            "Axis Imaging Patient Portal", "P1", status, "run-42", "region-failover", Start,
            [new PhaseProgress("Phase 1: Assessment", PhaseState.Done, TimeSpan.FromMinutes(15)),
             new PhaseProgress("Phase 2: Data Recovery", PhaseState.Done, TimeSpan.FromMinutes(30)),
             new PhaseProgress("Phase 3: Application Recovery", PhaseState.Running, TimeSpan.FromMinutes(45)),
             new PhaseProgress("Phase 4: DNS Failover", PhaseState.Pending, TimeSpan.FromMinutes(15)),
             new PhaseProgress("Phase 5: Validation", PhaseState.Pending, TimeSpan.FromMinutes(30))],
            TimeSpan.FromMinutes(30), "Dana (on-call)", ["portal", "api"]),
        Start.AddMinutes(50));

    [Fact]
    public void Names_AreTheSixSeedTemplates()
    {
        Assert.Equal(
            ["axis-initial", "axis-recovery-complete", "axis-status-update", "medzen-internal-status", "medzen-post-incident-review", "medzen-user-notification"],
            TemplateCatalog.Names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Render_MedzenPostIncidentReview_IsTheRunbooksIncidentReportWithTheTimeline()
    {
        var message = TemplateCatalog.Render("medzen-post-incident-review", Model());

        Assert.StartsWith("[REVIEW] Incident Report: ", message.Subject, StringComparison.Ordinal);
        var lines = message.Body.Split('\n');
        Assert.Contains("**Date:** 2026-11-23 09:00 UTC", lines);
        Assert.Contains("**Duration:** 50m", lines);
        Assert.Contains("- Phase 3: Application Recovery: running (budget 45m)", lines);
        Assert.Contains("### Root Cause", lines);
        Assert.Contains("### Action Items", lines);
    }

    [Fact]
    public void From_EtaIsNowPlusTheBudgetsOfUnfinishedPhases()
    {
        var model = Model();

        // 50 minutes in; phases 3–5 are unfinished: 45 + 15 + 30 = 90 minutes from now.
        Assert.Equal("2026-11-23 11:20 UTC", model.Eta);
        Assert.Equal(90, model.EtaMinutes);
        Assert.Equal("50m", model.Elapsed);
        Assert.Equal("2026-11-23 10:20 UTC", model.NextUpdate);
        Assert.Equal("Phase 3: Application Recovery", model.CurrentPhase);
    }

    [Fact]
    public void Render_AxisStatusUpdate_ShowsTheChecklistEtaAndNextUpdate()
    {
        var message = TemplateCatalog.Render("axis-status-update", Model());

        Assert.Equal("[UPDATE] Disaster Recovery Status - Axis Imaging Patient Portal", message.Subject);
        var lines = message.Body.Split('\n');
        Assert.Contains("✓ Phase 1: Assessment", lines);
        Assert.Contains("✓ Phase 2: Data Recovery", lines);
        Assert.Contains("⏳ Phase 3: Application Recovery (in progress)", lines);
        Assert.Contains("⏳ Phase 4: DNS Failover", lines);
        Assert.Contains("⏳ Phase 5: Validation", lines);
        Assert.Contains("Current ETA: 2026-11-23 11:20 UTC", lines);
        Assert.Contains("Next Update: 2026-11-23 10:20 UTC", lines);
    }

    [Fact]
    public void Render_AxisInitial_NamesIncidentStartEtaAndContact()
    {
        var message = TemplateCatalog.Render("axis-initial", Model("Investigating"));

        Assert.Equal("[URGENT] Disaster Recovery Activated - Axis Imaging Patient Portal", message.Subject);
        Assert.Contains("Incident: region-failover (P1)", message.Body, StringComparison.Ordinal);
        Assert.Contains("Start Time: 2026-11-23 09:00 UTC", message.Body, StringComparison.Ordinal);
        Assert.Contains("Estimated Recovery: 2026-11-23 11:20 UTC", message.Body, StringComparison.Ordinal);
        Assert.Contains("Current Status: Investigating - Phase 3: Application Recovery", message.Body, StringComparison.Ordinal);
        Assert.Contains("Contact: Dana (on-call)", message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Reason:", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AxisInitialWithAReason_SaysWhy()
    {
        var message = TemplateCatalog.Render("axis-initial", Model("Investigating") with { Reason = "Primary region unreachable" });

        Assert.Contains("Incident: region-failover (P1)\nReason: Primary region unreachable\n", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AxisRecoveryComplete_ShowsResolutionTimeAndServices()
    {
        var message = TemplateCatalog.Render("axis-recovery-complete", Model("Resolved"));

        Assert.Equal("[RESOLVED] Disaster Recovery Complete - Axis Imaging Patient Portal", message.Subject);
        Assert.Contains("Services Status: ✅ OPERATIONAL", message.Body, StringComparison.Ordinal);
        Assert.Contains("Final Resolution Time: 50m", message.Body, StringComparison.Ordinal);
        Assert.Contains("- portal\n- api\n", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MedzenInternalStatus_FollowsTheSeedFields()
    {
        var message = TemplateCatalog.Render("medzen-internal-status", Model());

        var lines = message.Body.Split('\n');
        Assert.Contains("INCIDENT: Axis Imaging Patient Portal", lines);
        Assert.Contains("SEVERITY: P1", lines);
        Assert.Contains("STATUS: Mitigating", lines);
        Assert.Contains("IMPACT: portal, api affected", lines);
        Assert.Contains("ETA: 90 minutes (2026-11-23 11:20 UTC)", lines);
        Assert.Contains("ACTIONS: Phase 3: Application Recovery", lines);
        Assert.Contains("NEXT UPDATE: 2026-11-23 10:20 UTC", lines);
    }

    [Fact]
    public void Render_MedzenUserNotification_SaysExpectedResolution()
    {
        var message = TemplateCatalog.Render("medzen-user-notification", Model());

        Assert.Equal("MedZen Service Update", message.Subject);
        Assert.Contains("We are currently experiencing Axis Imaging Patient Portal.", message.Body, StringComparison.Ordinal);
        Assert.Contains("Expected resolution: 2026-11-23 11:20 UTC", message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Workaround:", message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MedzenUserNotificationWithWorkaround_HasTheRunbooksWorkaroundLineBeforeTheResolution()
    {
        var message = TemplateCatalog.Render("medzen-user-notification", Model() with { Workaround = "Join calls from the app's phone option." });

        var lines = message.Body.Split('\n');
        var workaround = Array.IndexOf(lines, "Workaround: Join calls from the app's phone option.");
        Assert.True(workaround > Array.FindIndex(lines, l => l.StartsWith("Impact: ", StringComparison.Ordinal)), message.Body);
        Assert.Equal(workaround + 1, Array.FindIndex(lines, l => l.StartsWith("Expected resolution: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Validate_PatientFieldOrStepOutput_NamesTheField()
    {
        var errors = TemplateCatalog.Validate("SUBJECT: {{ title }}\nPatient {{ patient.name }} / {{ steps.lookup.outputs.mrn }}\n");

        Assert.Contains(errors, e => e.Contains("'patient.name' is not a message field", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'steps.lookup.outputs.mrn' is not a message field", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_UnknownPhaseMember_NamesTheField()
    {
        var errors = TemplateCatalog.Validate("SUBJECT: x\n{% for p in phases %}{{ p.outputs }}{% endfor %}{{ title.secret }}");

        Assert.Contains(errors, e => e.Contains("'p.outputs' is not allowed", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'title.secret' is not allowed", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ShippedStyleTemplate_HasNoErrors()
    {
        Assert.Empty(TemplateCatalog.Validate("SUBJECT: {{ title }}\n{% for p in phases %}{{ forloop.index }} {{ p.name }} {{ p.budget }}{% endfor %}{{ phases.size }}"));
    }

    [Fact]
    public void RenderText_PatientReference_IsRefusedAndCarriesNoData()
    {
        var (message, errors) = TemplateCatalog.RenderText("SUBJECT: {{ title }}\n{{ patient.name }}", Model());

        Assert.Null(message);
        Assert.Single(errors);
    }

    [Fact]
    public void Render_EvenUnvalidated_ModelMembersOffTheListAndOtherObjectsRenderEmpty()
    {
        // Given a template that skips validation and reaches for members the allow-list does not name
        var template = new FluidParser().Parse("[{{ patient.name }}][{{ Title }}][{{ phases.first.Name }}][{{ title }}]");
        var model = Model() with { Scenario = "Jane Doe MRN 1234" };
        var context = new TemplateContext(model, TemplateOptionsForTests.Options, allowModelMembers: false);
        context.SetValue("patient", new { name = "Jane Doe" });

        // When it renders with the catalog's options
        var text = template.Render(context);

        // Then only the allow-listed snake_case members come through; the anonymous object's name does not
        Assert.Equal("[][][][Axis Imaging Patient Portal]", text);
    }
}
