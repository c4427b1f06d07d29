namespace Lifeline.Server.Apis;

/// <summary>An estate for people: sites, resources, contacts (without their phone numbers and addresses) and plans.</summary>
public sealed record EstateDetail(string Name, string Description, IReadOnlyList<string> Profiles, IReadOnlyList<EstateSite> Sites, IReadOnlyList<EstateResource> Resources, IReadOnlyList<EstateContact> Contacts, IReadOnlyList<EstatePlan> Plans);
