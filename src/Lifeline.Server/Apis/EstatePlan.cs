namespace Lifeline.Server.Apis;

public sealed record EstatePlan(string Scenario, string Severity, int Phases, int Steps, double BudgetS);
