namespace Lifeline.Core.Schema;

// STUB: replaced by the feat/planfiles branch.
public static class SchemaWriter
{
    public static string Estate() => "{}";

    public static string Plan() => "{}";
}
