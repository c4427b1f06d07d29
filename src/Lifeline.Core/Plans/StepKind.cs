namespace Lifeline.Core.Plans;

public enum StepKind
{
    Action,
    Check,
    Wait,
    Approval,
    Manual,
    Notify,
    Shell,
}
