namespace Lifeline.Server.Security;

/// <summary>What a user may do; each role includes the ones before it (viewer ⊂ responder ⊂ approver ⊂ admin).</summary>
public enum Role
{
    /// <summary>Reads estates, runs, incidents, readiness and the audit trail's verdict.</summary>
    Viewer,

    /// <summary>Also starts, resumes and aborts runs, works incidents, breaks glass.</summary>
    Responder,

    /// <summary>Also approves and rejects gates (never their own live run's: four-eyes).</summary>
    Approver,

    /// <summary>Also manages users and exports the audit trail.</summary>
    Admin,
}
